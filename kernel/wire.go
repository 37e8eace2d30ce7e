package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks and puts in
// every header it sends.
const ProtocolVersion = "5.3"

// Delimiter separates the routing identities from the signed part of a message.
const Delimiter = "<IDS|MSG>"

// MaxMessageBytes bounds the total size of a message the kernel accepts. Larger messages
// are rejected by Decode with ErrTooLarge (after the signature is checked, so that a
// signed request still gets an error reply).
const MaxMessageBytes = 32 << 20

// Decoding errors. Decode wraps them in a *DecodeError.
var (
	ErrNoDelimiter  = errors.New("kernel: message has no <IDS|MSG> delimiter")
	ErrShort        = errors.New("kernel: message has fewer than 5 frames after the delimiter")
	ErrBadSignature = errors.New("kernel: bad message signature")
	ErrBadHeader    = errors.New("kernel: invalid message header")
	ErrBadJSON      = errors.New("kernel: invalid JSON in parent_header, metadata or content")
	ErrTooLarge     = errors.New("kernel: message too large")
)

// Header is the header of a Jupyter message (messaging.rst, "General Message Format").
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message. Content and Metadata hold raw JSON objects;
// Parent is nil for a message without parent ("{}" on the wire).
type Message struct {
	// Identities are the ROUTER routing frames before the delimiter (for iopub: the topic).
	Identities [][]byte
	Header     Header
	Parent     *Header
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
}

// DecodeError is a message that could not be decoded. When the signature was valid and
// the header readable, Header is set so that the kernel can answer with an error reply.
type DecodeError struct {
	Err        error
	Identities [][]byte
	Header     *Header
}

func (e *DecodeError) Error() string { return e.Err.Error() }

// Unwrap returns the sentinel error (ErrBadSignature, ErrBadJSON, ...).
func (e *DecodeError) Unwrap() error { return e.Err }

// Signer computes and checks HMAC-SHA256 message signatures. The zero value (no key)
// signs with "" and accepts any signature, as the spec prescribes for an empty key.
type Signer struct {
	key []byte
}

// NewSigner returns a Signer for key.
func NewSigner(key []byte) Signer { return Signer{key: bytes.Clone(key)} }

// Sign returns the hex HMAC-SHA256 of the four signed frames, or "" without a key.
func (s Signer) Sign(header, parent, metadata, content []byte) string {
	if len(s.key) == 0 {
		return ""
	}
	return hex.EncodeToString(s.mac(header, parent, metadata, content))
}

func (s Signer) mac(parts ...[]byte) []byte {
	h := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// Verify reports whether sig (hex) is the signature of the four frames, comparing in
// constant time. Without a key every signature verifies.
func (s Signer) Verify(sig, header, parent, metadata, content []byte) bool {
	if len(s.key) == 0 {
		return true
	}
	want := s.mac(header, parent, metadata, content)
	got := make([]byte, hex.DecodedLen(len(sig)))
	n, err := hex.Decode(got, sig)
	if err != nil || n != len(want) {
		// Still compare to keep the timing independent of where the input went wrong.
		hmac.Equal(want, want)
		return false
	}
	return hmac.Equal(want, got[:n])
}

// Decode parses the frames of a multipart message: identities, the delimiter, the
// signature, header, parent header, metadata, content and buffers. It verifies the
// signature before looking at any JSON. Every error is a *DecodeError.
func Decode(frames [][]byte, s Signer) (*Message, error) {
	i := -1
	for j, f := range frames {
		if string(f) == Delimiter {
			i = j
			break
		}
	}
	if i < 0 {
		return nil, &DecodeError{Err: ErrNoDelimiter}
	}
	ids := frames[:i]
	if len(frames)-i < 6 {
		return nil, &DecodeError{Err: ErrShort, Identities: ids}
	}
	sig, hdr, par, meta, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if !s.Verify(sig, hdr, par, meta, content) {
		return nil, &DecodeError{Err: ErrBadSignature, Identities: ids}
	}
	var h Header
	if err := json.Unmarshal(hdr, &h); err != nil || h.MsgType == "" || h.MsgID == "" {
		return nil, &DecodeError{Err: ErrBadHeader, Identities: ids}
	}
	derr := func(err error) error { return &DecodeError{Err: err, Identities: ids, Header: &h} }
	size := 0
	for _, f := range frames {
		size += len(f)
	}
	if size > MaxMessageBytes {
		return nil, derr(fmt.Errorf("%w: %d bytes (limit %d)", ErrTooLarge, size, MaxMessageBytes))
	}
	m := &Message{
		Identities: ids,
		Header:     h,
		Buffers:    frames[i+6:],
	}
	if !isObject(par) || !isObject(meta) || !isObject(content) {
		return nil, derr(ErrBadJSON)
	}
	if p := bytes.TrimSpace(par); !bytes.Equal(p, []byte("{}")) {
		var ph Header
		if err := json.Unmarshal(par, &ph); err != nil {
			return nil, derr(fmt.Errorf("%w: parent_header: %v", ErrBadJSON, err))
		}
		m.Parent = &ph
	}
	m.Metadata = json.RawMessage(meta)
	m.Content = json.RawMessage(content)
	return m, nil
}

// isObject reports whether b is a single valid JSON object.
func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && json.Valid(b)
}

// Encode returns the frames of m, signed by s: identities, delimiter, signature, header,
// parent header, metadata, content, buffers. Empty metadata or content encode as {}.
func Encode(m *Message, s Signer) ([][]byte, error) {
	hdr, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	par := []byte("{}")
	if m.Parent != nil {
		if par, err = json.Marshal(m.Parent); err != nil {
			return nil, err
		}
	}
	meta, content := []byte(m.Metadata), []byte(m.Content)
	if len(meta) == 0 {
		meta = []byte("{}")
	}
	if len(content) == 0 {
		content = []byte("{}")
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), []byte(s.Sign(hdr, par, meta, content)), hdr, par, meta, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// NewHeader returns a fresh header of type msgType for session.
func NewHeader(msgType, session string) Header {
	return Header{
		MsgID:    NewID(),
		Session:  session,
		Username: "hessnote",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// NewID returns a random UUID-4 string.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
