// gopanics: run-time errors a Go program recovers from. A nil dereference (a SIGSEGV the kernel must deliver to
// the runtime's handler with si_addr, which turns it into a panic), an integer division by zero (SIGFPE), an index
// out of range and a write to a nil map, each recovered with its runtime error string printed; a panic recovered
// inside another goroutine. With argv[1] "exit3" the program ends with os.Exit(3), deferred calls skipped.
package main

import (
	"fmt"
	"os"
	"runtime"
)

type big struct {
	pad   [8]int
	value int
}

var zero = 0

func try(name string, f func()) {
	defer func() {
		r := recover()
		if err, ok := r.(runtime.Error); ok {
			fmt.Printf("%s: recovered runtime error: %s\n", name, err.Error())
		} else {
			fmt.Printf("%s: recovered %v\n", name, r)
		}
	}()
	f()
	fmt.Printf("%s: FAILED to panic\n", name)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "exit3" {
		defer fmt.Println("deferred call ran: FAILED")
		fmt.Println("calling os.Exit(3)")
		os.Exit(3)
	}

	try("nil dereference", func() {
		var p *int
		*p = 1
	})
	try("nil struct field", func() {
		var b *big
		fmt.Println(b.value)
	})
	try("integer division by zero", func() {
		fmt.Println(10 / zero)
	})
	try("index out of range", func() {
		s := []int{1, 2, 3}
		i := 5 + zero
		fmt.Println(s[i])
	})
	try("nil map write", func() {
		var m map[string]int
		m["x"] = 1
	})
	try("explicit panic", func() {
		panic("on purpose")
	})

	done := make(chan string)
	go func() {
		defer func() {
			if r, ok := recover().(runtime.Error); ok {
				done <- r.Error()
			} else {
				done <- "FAILED"
			}
		}()
		var p *[4]int
		p[2]++
	}()
	fmt.Printf("goroutine recovered: %s\n", <-done)

	// The handler keeps working after recoveries: one more fault, then a normal exit.
	try("nil dereference again", func() {
		var p *int
		fmt.Println(*p)
	})
	fmt.Println("still running: yes")
}
