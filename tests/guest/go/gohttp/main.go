// gohttp: a Go net/http server as the network tests and bench/http.sh run it, natively and in Kiln. Listens on
// the port in argv[1] (all addresses), prints "gohttp: listening on PORT" once the socket is listening, and
// serves: / a short hello, /bytes?n=N N bytes of a fixed pattern (byte i is i*7+3 mod 256), /count the number of
// requests served so far, and /quit, which answers and then exits with status 0 (so a test can end the VM cleanly
// and read what the kernel printed at exit).
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

var served int64

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gohttp PORT")
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", ":"+os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohttp:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt64(&served, 1)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "Hello, World!\n")
	})
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt64(&served, 1)
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 0 || n > 64<<20 {
			http.Error(w, "n wants a size up to 64 MiB", http.StatusBadRequest)
			return
		}
		body := make([]byte, n)
		for i := range body {
			body[i] = byte(i*7 + 3)
		}
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write(body)
	})
	mux.HandleFunc("/count", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d\n", atomic.AddInt64(&served, 1))
	})
	mux.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "bye\n")
		w.(http.Flusher).Flush()
		go func() {
			time.Sleep(200 * time.Millisecond)
			fmt.Printf("gohttp: served %d requests\n", atomic.LoadInt64(&served))
			os.Exit(0)
		}()
	})
	fmt.Printf("gohttp: listening on %s\n", os.Args[1])
	err = http.Serve(listener, mux)
	fmt.Fprintln(os.Stderr, "gohttp:", err)
	os.Exit(1)
}
