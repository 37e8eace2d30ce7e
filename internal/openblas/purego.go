//go:build !(openblas && cgo)

package openblas

const available = false

// Threads returns the number of threads OpenBLAS uses now (0 in a build without it).
func Threads() int { return 0 }

// Version returns "none": this build has no OpenBLAS.
func Version() string { return "none" }
