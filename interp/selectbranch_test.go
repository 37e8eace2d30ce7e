package interp

import "testing"

// Go's test chan/select.go: break LOOP in the default case of a select left only the
// select, and the loop ran forever. A plain break inside an if in a case broke the loop
// instead of the select, a continue ending a case left only the select, and a case
// made of { continue } killed the process while compiling (stack overflow).
func TestSelectBranchTargets(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`func send(a, b chan uint) (n int) {
LOOP:
	for {
		select {
		case a <- 1:
			n++
			a = nil
		case b <- 2:
			n++
			b = nil
		default:
			break LOOP
		}
	}
	return
}`)
	h.run(`func breakInIf() (n int) {
	for i := 0; i < 5; i++ {
		select {
		default:
			if i == 2 {
				break
			}
			n += 10
		}
		n++
	}
	return
}`)
	h.run(`func continueLast() int {
	i := 0
	for i < 3 {
		i++
		select {
		default:
			continue
		}
		return -1
	}
	return i
}`)
	h.run(`func continueBlock() int {
	i := 0
	for i < 3 {
		i++
		select {
		default:
			{ continue }
		}
	}
	return i
}`)
	if v := h.value("[]int{send(make(chan uint, 1), make(chan uint, 1)), breakInIf(), continueLast(), continueBlock()}"); v != "[2 45 3 3]" {
		t.Fatal(v)
	}
}
