// gofetch: a Go HTTP client, for the test that a program in Kiln reaches a server on the host (10.0.2.2 under
// QEMU user networking). GETs argv[1] and prints the status line, the body's length and its SHA-256, so the test
// compares them with what it served; exits 1 on any error.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gofetch URL")
		os.Exit(2)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	response, err := client.Get(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofetch:", err)
		os.Exit(1)
	}
	body, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofetch: reading the body:", err)
		os.Exit(1)
	}
	fmt.Printf("status: %s\n", response.Status)
	fmt.Printf("length: %d\n", len(body))
	fmt.Printf("sha256: %x\n", sha256.Sum256(body))
}
