package kernel

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"time"
)

// WatchParent calls gone once when the process that started the kernel exits: the
// process in JPY_PARENT_PID when set (jupyter_client sets it), else the parent process.
// It polls every interval until ctx ends.
func WatchParent(ctx context.Context, interval time.Duration, gone func()) {
	ppid := os.Getppid()
	jpy, _ := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if os.Getppid() != ppid || (jpy > 1 && !alive(jpy)) {
				gone()
				return
			}
		}
	}()
}

// alive reports whether process pid exists (signal 0 is a permission check only).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
