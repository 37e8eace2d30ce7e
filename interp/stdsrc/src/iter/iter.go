// Package iter is hessnote's interpreted implementation of the standard library's
// iter package, for notebook cells run by yaegi. Pull and Pull2 run the sequence
// in a goroutine (the standard library uses coroutines, which interpreted code
// has not): a sequence that is neither exhausted nor stopped leaves that
// goroutine blocked, so always call stop.
package iter

// Seq is an iterator over sequences of individual values: it calls yield with
// each value in turn and stops as soon as yield returns false.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// errYieldAfterStop is the panic value when a sequence ignores a false from yield.
const errYieldAfterStop = "iter.Pull: sequence called yield after yield returned false"

// pull2 runs seq in a goroutine and hands its pairs out one at a time. The
// goroutine leaves each pair in curK and curV and then sends true on ready; it
// sends false after a panic of seq (left in failure), and closes ready when seq
// has returned. (Sending the pairs in a generic struct does not work: yaegi
// v0.16.1 assigns the fields of such literals to the wrong fields.)
func pull2[K, V any](seq Seq2[K, V]) (func() (K, V, bool), func()) {
	ready := make(chan bool)
	more := make(chan bool)
	var curK K
	var curV V
	var failure any
	started := false
	done := false
	// run runs seq and then closes ready. It recovers a panic of seq in a
	// function literal of its own: with the recover in run's own deferred
	// function, yaegi v0.16.1 panicked with "close of closed channel", and a
	// panic in a goroutine ends the process.
	run := func() {
		stopped := false
		failed := false
		func() {
			defer func() {
				if r := recover(); r != nil {
					failed = true
					failure = r
				}
			}()
			seq(func(k K, v V) bool {
				if stopped {
					panic(errYieldAfterStop)
				}
				curK = k
				curV = v
				ready <- true
				goOn := <-more
				stopped = !goOn
				return goOn
			})
		}()
		if failed {
			ready <- false
		}
		close(ready)
	}
	// wait waits for the goroutine: true when a pair is ready, false when seq
	// has returned; it raises a panic of seq again.
	wait := func() bool {
		ok, open := <-ready
		if !open {
			done = true
			return false
		}
		if !ok {
			done = true
			for range ready {
			}
			panic(failure)
		}
		return true
	}
	next := func() (K, V, bool) {
		var k K
		var v V
		if done {
			return k, v, false
		}
		if started {
			more <- true
		} else {
			started = true
			go run()
		}
		if !wait() {
			return k, v, false
		}
		return curK, curV, true
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if !started {
			return
		}
		more <- false
		for wait() {
		}
	}
	return next, stop
}

// Pull converts the push-style iterator seq into a pull-style iterator: next
// returns the next value and true, or the zero value and false at the end;
// stop ends the iteration early. Calling stop more than once, or next after
// stop, is allowed. A panic in seq is raised again by the next or stop that
// was waiting for it.
func Pull[V any](seq Seq[V]) (next func() (V, bool), stop func()) {
	next2, stop2 := pull2[bool, V](func(yield func(bool, V) bool) {
		seq(func(v V) bool { return yield(false, v) })
	})
	next = func() (V, bool) {
		_, v, ok := next2()
		return v, ok
	}
	return next, stop2
}

// Pull2 converts the push-style iterator seq into a pull-style iterator of
// pairs; it is Pull for Seq2.
func Pull2[K, V any](seq Seq2[K, V]) (next func() (K, V, bool), stop func()) {
	return pull2[K, V](seq)
}
