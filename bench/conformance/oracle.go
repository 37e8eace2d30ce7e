package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
)

// oracleCache keeps the results of go run, keyed by the Go version and a hash of each
// program and its golden output, so that later runs skip the slow compile.
type oracleCache struct {
	GoVersion string                 `json:"go_version"`
	Programs  map[string]oracleEntry `json:"programs"`
}

// oracleEntry is one cached go run.
type oracleEntry struct {
	Hash    string  `json:"hash"`
	Pass    bool    `json:"pass"`
	Error   string  `json:"error,omitempty"`
	Seconds float64 `json:"seconds"`
}

// loadOracle reads the cache at path; a missing file, another Go version or a damaged
// file give an empty cache for goVersion.
func loadOracle(path, goVersion string) *oracleCache {
	c := &oracleCache{GoVersion: goVersion, Programs: map[string]oracleEntry{}}
	b, err := os.ReadFile(path)
	if err != nil {
		return c
	}
	var old oracleCache
	if json.Unmarshal(b, &old) != nil || old.GoVersion != goVersion || old.Programs == nil {
		return c
	}
	old.GoVersion = goVersion
	return &old
}

// lookup returns the cached result for a program whose hash is hash.
func (c *oracleCache) lookup(name, hash string) (oracleEntry, bool) {
	e, ok := c.Programs[name]
	return e, ok && e.Hash == hash
}

// save writes the cache, keeping only the programs in keep (the current corpus), or
// every program when keep is nil.
func (c *oracleCache) save(path string, keep map[string]bool) error {
	for name := range c.Programs {
		if keep != nil && !keep[name] {
			delete(c.Programs, name)
		}
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// programHash hashes a program's source and its expected output.
func programHash(src, want string) string {
	h := sha256.New()
	h.Write([]byte(src))
	h.Write([]byte{0})
	h.Write([]byte(want))
	return hex.EncodeToString(h.Sum(nil))[:16]
}
