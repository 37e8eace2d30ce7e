package interp

import (
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
)

// cellStop tells a goroutine blocked in selectCases whether the cell that ran when it
// blocked was stopped (interrupt, or a panic in one of its goroutines: done closes
// before ended is set) or ended normally (ended is set before done closes).
type cellStop struct {
	done  <-chan struct{}
	ended atomic.Bool
}

var (
	stopMu  sync.Mutex
	stopCur = map[*cellRuntime]*cellStop{}
)

// beginCell records the done channel of the cell that starts (see cellStop); the cell
// sets ended when it returns, before done closes.
func (rt *cellRuntime) beginCell(done <-chan struct{}) *cellStop {
	st := &cellStop{done: done}
	stopMu.Lock()
	stopCur[rt] = st
	stopMu.Unlock()
	return st
}

// cellStopOf returns the cellStop of the running cell, or nil.
func (rt *cellRuntime) cellStopOf() *cellStop {
	stopMu.Lock()
	defer stopMu.Unlock()
	st := stopCur[rt]
	if st == nil || st.ended.Load() {
		return nil
	}
	return st
}

// selCase is one case of a select statement made by the lowered select (lower's
// SelectsRT): the channel, the direction and, for a receive, where the value (and ok)
// go; for a send, a pointer to the value.
type selCase struct {
	dir reflect.SelectDir
	ch  reflect.Value
	ptr reflect.Value // *T: the received value or the value to send
	ok  *bool
}

func selRecv(ch any, ptr any) selCase {
	return selCase{dir: reflect.SelectRecv, ch: reflect.ValueOf(ch), ptr: reflect.ValueOf(ptr)}
}

func selRecv2(ch any, ptr any, ok *bool) selCase {
	return selCase{dir: reflect.SelectRecv, ch: reflect.ValueOf(ch), ptr: reflect.ValueOf(ptr), ok: ok}
}

func selSend(ch any, ptr any) selCase {
	return selCase{dir: reflect.SelectSend, ch: reflect.ValueOf(ch), ptr: reflect.ValueOf(ptr)}
}

func selDefault() selCase { return selCase{dir: reflect.SelectDefault} }

// selectCases runs a select statement with a slice of cases of its own: yaegi's select
// keeps one slice per statement, which the goroutines that run the statement at once
// overwrite (see lower's SelectsRT). It returns the index of the chosen case. While the
// running cell is interrupted (or one of its goroutines panicked), the goroutine ends.
func (rt *cellRuntime) selectCases(cs ...selCase) int {
	cases := make([]reflect.SelectCase, len(cs), len(cs)+1)
	for i, c := range cs {
		cases[i].Dir = c.dir
		switch c.dir {
		case reflect.SelectRecv:
			cases[i].Chan = c.ch
		case reflect.SelectSend:
			cases[i].Chan = c.ch
			if !c.ptr.IsValid() || c.ptr.Kind() != reflect.Pointer {
				panic(fmt.Sprintf("hessnote: select: the value to send is a %T, not a pointer", c.ptr))
			}
			cases[i].Send = c.ptr.Elem()
		}
		if c.ch.IsValid() && c.ch.IsNil() {
			cases[i].Chan = reflect.Value{} // a nil channel is never ready
		}
	}
	st := rt.cellStopOf()
	if st != nil {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(st.done)})
	}
	for {
		j, v, ok := reflect.Select(cases)
		if st != nil && j == len(cs) {
			if !st.ended.Load() {
				runtime.Goexit() // the cell was stopped: so is the goroutine, as yaegi's select does
			}
			cases = cases[:len(cs)] // the cell ended: the goroutine goes on
			st = nil
			continue
		}
		c := cs[j]
		if c.dir == reflect.SelectRecv {
			if c.ptr.IsValid() && !c.ptr.IsNil() {
				c.ptr.Elem().Set(v)
			}
			if c.ok != nil {
				*c.ok = ok
			}
		}
		return j
	}
}
