package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunProcess(t *testing.T) {
	sh := func(script string) []string { return []string{"/bin/sh", "-c", script} }
	res := runProcess(sh("echo out; echo err >&2; exit 3"), ".", nil, 10*time.Second, false)
	if res.Exit != 3 || res.Output != "out\nerr\n" || res.TimedOut || res.Record != nil {
		t.Errorf("exit 3: %+v", res)
	}

	res = runProcess(sh(`echo '{"cells":2,"ran":1,"name":"Panic","value":"x"}' >&3`), ".", nil, 10*time.Second, true)
	if res.Record == nil || *res.Record != (record{Cells: 2, Ran: 1, Name: "Panic", Value: "x"}) {
		t.Errorf("record: %+v", res.Record)
	}

	start := time.Now()
	res = runProcess(sh("sleep 30 & echo $!; wait"), ".", nil, 300*time.Millisecond, true)
	if !res.TimedOut || res.Signal == "" || time.Since(start) > 5*time.Second {
		t.Errorf("timeout: %+v after %v", res, time.Since(start))
	}
	// The grandchild (sleep) was in the process group and is gone too.
	pid, err := strconv.Atoi(strings.TrimSpace(res.Output))
	if err != nil {
		t.Fatalf("no pid in %q", res.Output)
	}
	if !gone(pid) {
		t.Errorf("process %d of the group survived", pid)
	}

	res = runProcess(sh("head -c 2000000 /dev/zero"), ".", nil, 10*time.Second, false)
	if len(res.Output) > maxOutput+200 || !strings.Contains(res.Output, "bytes of output dropped") {
		t.Errorf("output not capped: %d bytes", len(res.Output))
	}
}

// gone reports whether process pid has ended (it may linger as a zombie until its new
// parent reaps it) within a second.
func gone(pid int) bool {
	for i := 0; i < 100; i++ {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || strings.Contains(string(b), ") Z ") {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return syscall.Kill(pid, 0) != nil
}
