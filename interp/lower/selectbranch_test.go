package lower

import "testing"

func TestSelectsPass(t *testing.T) {
	checkPass(t, Env{}, Selects, []passCase{
		// A select becomes a switch on the case that _hnrt.Select chose (selectrt.go).
		{"func f(c chan int, d chan<- uint, x uint) {\nL:\n\tfor {\n\t\tselect {\n\t\tcase v, ok := <-c:\n\t\t\tif ok { break }\n\t\t\t_ = v\n\t\t\tcontinue\n\t\tcase d <- 1:\n\t\tdefault:\n\t\t\tbreak L\n\t\t}\n\t}\n}",
			"{ _hn0R0, _hn0K0 := new(int), new(bool); switch _hnrt.Select(_hnrt.Recv2(c, _hn0R0, _hn0K0), _hnrt.Send(d, func() *uint { var _hnv uint = 1; return &_hnv }()), _hnrt.Default()) {\n\t\tcase 0: v, ok := *_hn0R0, *_hn0K0; _, _ = v, ok;\n\t\t\tif ok { break }\n\t\t\t_ = v\n\t\t\tcontinue\n\t\tcase 1:\n\t\tdefault:\n\t\t\tbreak L\n\t\t} }", ""},
		// A labeled select stays one: its jumps are lowered.
		{"func f(c chan int) {\nL:\n\tfor {\n\tS:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { break }\n\t\t\tcontinue\n\t\tdefault:\n\t\t\tbreak L\n\t\t}\n\t\t_ = 0\n\t\tgoto S\n\t}\n}",
			"{ var _hnJ0 int; S:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { break S }\n\t\t\t{ _hnJ0 = 1; break S }\n\t\tdefault:\n\t\t\t{ _hnJ0 = 2; break S }\n\t\t}; switch _hnJ0 { case 1: continue; case 2: break L; } }", ""},
		// A labeled select: its label is used; a loop inside a case keeps its jumps.
		{"func f(c chan int) {\n\tfor {\n\tS:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tfor i := 0; i < 2; i++ { if i == 1 { break }; continue }\n\t\t\tif true { break }\n\t\t\tbreak S\n\t\t}\n\t}\n}",
			"S:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tfor i := 0; i < 2; i++ { if i == 1 { break }; continue }\n\t\t\tif true { break S }\n\t\t\tbreak S\n\t\t}", ""},
		{"func f(c chan int) {\n\tfor {\n\tA:\n\t\tselect {\n\t\tcase <-c:\n\t\tB:\n\t\t\tselect {\n\t\t\tdefault:\n\t\t\t\tcontinue\n\t\t\t}\n\t\t\tgoto B\n\t\t}\n\t\tgoto A\n\t}\n}", "", "select nested in the case of another select"},
	})
}
