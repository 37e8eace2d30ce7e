package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
)

// ConnectionInfo is the content of a Jupyter connection file: where the five sockets
// listen and how messages are signed (jupyter_client docs/kernels.rst, "Connection files").
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file: %w", err)
	}
	return ParseConnection(b)
}

// ParseConnection decodes and validates a connection file. An empty transport means tcp
// and an empty signature scheme means hmac-sha256; any other scheme is an error, since
// only HMAC-SHA256 is implemented. An empty key disables signing, as the spec allows.
func ParseConnection(b []byte) (ConnectionInfo, error) {
	var c ConnectionInfo
	if err := json.Unmarshal(b, &c); err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file: %w", err)
	}
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.SignatureScheme == "" {
		c.SignatureScheme = "hmac-sha256"
	}
	switch {
	case c.Transport != "tcp" && c.Transport != "ipc":
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file: unsupported transport %q", c.Transport)
	case c.SignatureScheme != "hmac-sha256":
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file: unsupported signature scheme %q", c.SignatureScheme)
	case c.IP == "":
		return ConnectionInfo{}, errors.New("kernel: connection file: missing ip")
	}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", c.ShellPort}, {"iopub_port", c.IOPubPort}, {"stdin_port", c.StdinPort},
		{"control_port", c.ControlPort}, {"hb_port", c.HBPort}} {
		if p.port <= 0 || p.port > 65535 {
			return ConnectionInfo{}, fmt.Errorf("kernel: connection file: invalid %s %d", p.name, p.port)
		}
	}
	return c, nil
}

// Endpoint returns the ZeroMQ endpoint for port, e.g. "tcp://127.0.0.1:5555", or for the
// ipc transport "ipc://IP-PORT" as jupyter_client names its socket files.
func (c ConnectionInfo) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return "ipc://" + c.IP + "-" + strconv.Itoa(port)
	}
	return "tcp://" + net.JoinHostPort(c.IP, strconv.Itoa(port))
}
