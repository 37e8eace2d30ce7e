package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConnection(t *testing.T) {
	good := `{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
	  "hb_port": 5005, "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
	  "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "hessnote"}`
	c, err := ParseConnection([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if c.ShellPort != 5001 || c.HBPort != 5005 || c.Key != "a0436f6c-1916-498b-8eb9-e81ab9368e84" || c.KernelName != "hessnote" {
		t.Errorf("parsed %+v", c)
	}
	if got := c.Endpoint(c.ControlPort); got != "tcp://127.0.0.1:5004" {
		t.Errorf("Endpoint = %q", got)
	}
	c.IP = "::1"
	if got := c.Endpoint(1); got != "tcp://[::1]:1" {
		t.Errorf("IPv6 endpoint = %q", got)
	}
	c.Transport, c.IP = "ipc", "/tmp/k"
	if got := c.Endpoint(3); got != "ipc:///tmp/k-3" {
		t.Errorf("ipc endpoint = %q", got)
	}

	// Defaults: transport tcp, scheme hmac-sha256.
	c, err = ParseConnection([]byte(`{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"0.0.0.0","key":""}`))
	if err != nil || c.Transport != "tcp" || c.SignatureScheme != "hmac-sha256" {
		t.Errorf("defaults: %+v, %v", c, err)
	}

	bad := map[string]string{
		"not json":      `{"shell_port":`,
		"wrong type":    `{"shell_port":"5001","iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"x"}`,
		"missing port":  `{"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"x"}`,
		"port too big":  `{"shell_port":70000,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"x"}`,
		"no ip":         `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`,
		"bad scheme":    `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"x","signature_scheme":"hmac-md5"}`,
		"bad transport": `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"x","transport":"udp"}`,
	}
	for name, s := range bad {
		if _, err := ParseConnection([]byte(s)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadConnectionFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kernel-1.json")
	if err := os.WriteFile(p, []byte(`{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"127.0.0.1","key":"k"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := ReadConnectionFile(p)
	if err != nil || c.Key != "k" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := ReadConnectionFile(p + ".missing"); err == nil || !strings.Contains(err.Error(), "connection file") {
		t.Errorf("missing file: %v", err)
	}
}
