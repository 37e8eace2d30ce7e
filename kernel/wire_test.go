package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func testMessage() *Message {
	return &Message{
		Identities: [][]byte{[]byte("client-1"), []byte("route-2")},
		Header:     NewHeader("execute_request", "sess"),
		Parent:     &Header{MsgID: "p1", MsgType: "kernel_info_request", Version: "5.3"},
		Metadata:   json.RawMessage(`{"a":1}`),
		Content:    json.RawMessage(`{"code":"x := 1","silent":false}`),
		Buffers:    [][]byte{{0, 1, 2}},
	}
}

func TestSignKnownVector(t *testing.T) {
	// HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), split over the
	// four frames, from the HMAC article's published test vector.
	s := NewSigner([]byte("key"))
	got := s.Sign([]byte("The quick "), []byte("brown fox "), []byte("jumps over "), []byte("the lazy dog"))
	const want = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if !s.Verify([]byte(want), []byte("The quick "), []byte("brown fox "), []byte("jumps over "), []byte("the lazy dog")) {
		t.Error("Verify rejected the right signature")
	}
	if NewSigner(nil).Sign([]byte("a"), nil, nil, nil) != "" {
		t.Error("no key must sign with the empty string")
	}
}

func TestRoundTrip(t *testing.T) {
	s := NewSigner([]byte("secret"))
	m := testMessage()
	frames, err := Encode(m, s)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[2]) != Delimiter {
		t.Fatalf("frame 2 = %q, want delimiter", frames[2])
	}
	got, err := Decode(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Identities) != 2 || string(got.Identities[1]) != "route-2" {
		t.Errorf("identities %q", got.Identities)
	}
	if got.Header != m.Header || got.Parent == nil || *got.Parent != *m.Parent {
		t.Errorf("header %+v parent %+v", got.Header, got.Parent)
	}
	if string(got.Content) != string(m.Content) || string(got.Metadata) != string(m.Metadata) {
		t.Errorf("content %s metadata %s", got.Content, got.Metadata)
	}
	if len(got.Buffers) != 1 || !bytes.Equal(got.Buffers[0], []byte{0, 1, 2}) {
		t.Errorf("buffers %v", got.Buffers)
	}
	if got.Header.Version != ProtocolVersion {
		t.Errorf("version %q", got.Header.Version)
	}

	// No parent encodes as {} and decodes as nil.
	m.Parent = nil
	frames, _ = Encode(m, s)
	if string(frames[5]) != "{}" {
		t.Errorf("empty parent = %s", frames[5])
	}
	if got, err := Decode(frames, s); err != nil || got.Parent != nil {
		t.Errorf("parent %v, %v", got, err)
	}
}

func TestTamperedByteFails(t *testing.T) {
	s := NewSigner([]byte("secret"))
	frames, err := Encode(testMessage(), s)
	if err != nil {
		t.Fatal(err)
	}
	for fi := 4; fi <= 7; fi++ { // header, parent, metadata, content (after 2 ids, delimiter, signature)
		for _, bi := range []int{0, len(frames[fi]) / 2, len(frames[fi]) - 1} {
			tampered := cloneFrames(frames)
			tampered[fi][bi] ^= 0x01
			if _, err := Decode(tampered, s); !errors.Is(err, ErrBadSignature) {
				t.Errorf("frame %d byte %d flipped: err = %v, want ErrBadSignature", fi, bi, err)
			}
		}
	}
	tampered := cloneFrames(frames)
	tampered[3] = []byte("zz" + string(frames[3][2:]))
	if _, err := Decode(tampered, s); !errors.Is(err, ErrBadSignature) {
		t.Errorf("non-hex signature: %v", err)
	}
	sig := cloneFrames(frames)
	sig[3][5] ^= 0x01
	if _, err := Decode(sig, s); !errors.Is(err, ErrBadSignature) {
		t.Errorf("changed signature: %v", err)
	}
	if _, err := Decode(frames, NewSigner([]byte("other key"))); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong key: %v", err)
	}
	short := cloneFrames(frames)
	short[3] = short[3][:len(short[3])-2]
	if _, err := Decode(short, s); !errors.Is(err, ErrBadSignature) {
		t.Errorf("truncated signature: %v", err)
	}
}

func cloneFrames(f [][]byte) [][]byte {
	out := make([][]byte, len(f))
	for i := range f {
		out[i] = bytes.Clone(f[i])
	}
	return out
}

// sign builds a raw frame list with a correct signature over arbitrary frames.
func sign(s Signer, hdr, par, meta, content string) [][]byte {
	return [][]byte{[]byte("id"), []byte(Delimiter), []byte(s.Sign([]byte(hdr), []byte(par), []byte(meta), []byte(content))),
		[]byte(hdr), []byte(par), []byte(meta), []byte(content)}
}

func TestDecodeRejects(t *testing.T) {
	s := NewSigner([]byte("k"))
	hdr := `{"msg_id":"1","msg_type":"execute_request","session":"s","username":"u","date":"","version":"5.3"}`
	cases := []struct {
		name      string
		frames    [][]byte
		want      error
		hasHeader bool
	}{
		{"empty", nil, ErrNoDelimiter, false},
		{"no delimiter", [][]byte{[]byte("a"), []byte("b")}, ErrNoDelimiter, false},
		{"missing frames", [][]byte{[]byte(Delimiter), []byte("sig"), []byte(hdr)}, ErrShort, false},
		{"header not json", sign(s, `{"msg_id":`, "{}", "{}", "{}"), ErrBadHeader, false},
		{"header wrong types", sign(s, `{"msg_id":1,"msg_type":"x"}`, "{}", "{}", "{}"), ErrBadHeader, false},
		{"header no msg_type", sign(s, `{"msg_id":"1"}`, "{}", "{}", "{}"), ErrBadHeader, false},
		{"header is array", sign(s, `[1,2]`, "{}", "{}", "{}"), ErrBadHeader, false},
		{"content not json", sign(s, hdr, "{}", "{}", `{"code":`), ErrBadJSON, true},
		{"content is array", sign(s, hdr, "{}", "{}", `[]`), ErrBadJSON, true},
		{"content is string", sign(s, hdr, "{}", "{}", `"x"`), ErrBadJSON, true},
		{"metadata invalid", sign(s, hdr, "{}", "nope", `{}`), ErrBadJSON, true},
		{"parent wrong types", sign(s, hdr, `{"msg_id":3}`, "{}", `{}`), ErrBadJSON, true},
		{"too large", sign(s, hdr, "{}", "{}", `{"code":"`+strings.Repeat("x", MaxMessageBytes)+`"}`), ErrTooLarge, true},
	}
	for _, c := range cases {
		_, err := Decode(c.frames, s)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		var de *DecodeError
		if !errors.As(err, &de) || (de.Header != nil) != c.hasHeader {
			t.Errorf("%s: DecodeError header presence wrong: %+v", c.name, de)
		}
	}
	// Extra frames after content are buffers, not an error; extra identities are kept.
	f := sign(s, hdr, "{}", "{}", "{}")
	f = append([][]byte{[]byte("extra-id")}, append(f, []byte("buf1"), []byte("buf2"))...)
	m, err := Decode(f, s)
	if err != nil || len(m.Buffers) != 2 || len(m.Identities) != 2 {
		t.Errorf("extra frames: %v, %+v", err, m)
	}
}

func FuzzDecode(f *testing.F) {
	s := NewSigner([]byte("fuzz-key"))
	good, _ := Encode(testMessage(), s)
	f.Add(bytes.Join(good, []byte{0}), true)
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"), false)
	f.Add([]byte(""), false)
	f.Fuzz(func(t *testing.T, data []byte, signIt bool) {
		frames := bytes.Split(data, []byte{0})
		if signIt {
			// Re-sign so the fuzzer reaches the JSON decoding behind the signature check.
			if i := indexDelimiter(frames); i >= 0 && len(frames)-i >= 6 {
				frames[i+1] = []byte(s.Sign(frames[i+2], frames[i+3], frames[i+4], frames[i+5]))
			}
		}
		m, err := Decode(frames, s)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error is not a *DecodeError: %v", err)
			}
			return
		}
		if m.Header.MsgType == "" || m.Header.MsgID == "" || !json.Valid(m.Content) || !json.Valid(m.Metadata) {
			t.Fatalf("accepted an invalid message: %+v", m)
		}
		out, err := Encode(m, s)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := Decode(out, s)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) {
			t.Fatalf("round trip changed the message")
		}
	})
}

func indexDelimiter(frames [][]byte) int {
	for i, f := range frames {
		if string(f) == Delimiter {
			return i
		}
	}
	return -1
}
