// goroutines: the Go runtime's use of threads, futexes and signals. Channels and sync.WaitGroup in a pipeline,
// 10,000 goroutines at once, an unbuffered ping-pong, a map shared under a mutex, GOMAXPROCS above the CPU count,
// a spinning goroutine that only asynchronous preemption (SIGURG) can interrupt, runtime.GC under allocation
// pressure, os.Args and os.Getenv. Prints derived facts only.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func argsAndEnv() {
	fmt.Printf("args after the program name: %d\n", len(os.Args)-1)
	for i, a := range os.Args[1:] {
		fmt.Printf("arg %d: [%s]\n", i+1, a)
	}
	fmt.Printf("KILN_GO: [%s]\n", os.Getenv("KILN_GO"))
	_, set := os.LookupEnv("KILN_UNSET")
	fmt.Printf("KILN_UNSET is unset: %s\n", yes(!set))
}

func pipeline() {
	numbers := make(chan int)
	squares := make(chan int, 16)
	var workers sync.WaitGroup
	for w := 0; w < 4; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for n := range numbers {
				squares <- n * n
			}
		}()
	}
	go func() {
		for i := 1; i <= 1000; i++ {
			numbers <- i
		}
		close(numbers)
	}()
	go func() {
		workers.Wait()
		close(squares)
	}()
	sum := 0
	for s := range squares {
		sum += s
	}
	fmt.Printf("pipeline sum of squares 1..1000: %d\n", sum)
}

func manyGoroutines() {
	const n = 10000
	var wg sync.WaitGroup
	var ran int64
	results := make(chan int, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start // all 10,000 exist at once before any finishes
			atomic.AddInt64(&ran, 1)
			results <- i
		}(i)
	}
	fmt.Printf("goroutines alive at once: at least %d: %s\n", n, yes(runtime.NumGoroutine() >= n))
	close(start)
	wg.Wait()
	close(results)
	total := 0
	for r := range results {
		total += r
	}
	fmt.Printf("goroutines ran: %d, sum of ids: %d\n", ran, total)
}

func pingPong() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < 1000; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	fmt.Printf("unbuffered ping-pong count: %d\n", v)
}

func sharedMap() {
	var mu sync.Mutex
	m := make(map[int]int)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				m[g*1000+i] = i
				m[-1]++
				mu.Unlock()
				if i%100 == 0 {
					runtime.Gosched()
				}
			}
		}(g)
	}
	wg.Wait()
	fmt.Printf("map under a mutex: %d keys, shared counter %d\n", len(m), m[-1])
}

func maxProcs() {
	want := 2*runtime.NumCPU() + 2
	runtime.GOMAXPROCS(want)
	fmt.Printf("GOMAXPROCS above the CPU count: %s\n", yes(runtime.GOMAXPROCS(0) == want && want > runtime.NumCPU()))
	var wg sync.WaitGroup
	var busy int64
	for i := 0; i < want; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for j := 0; j < 200000; j++ {
				x += j
			}
			if x > 0 {
				atomic.AddInt64(&busy, 1)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("CPU-bound goroutines finished: %s\n", yes(busy == int64(want)))
}

// With one P, a goroutine spinning without function calls can only be stopped by asynchronous preemption: the
// runtime sends its thread SIGURG and redirects it from the signal handler.
func preemption() {
	old := runtime.GOMAXPROCS(1)
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		for !stop.Load() {
		}
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	stop.Store(true)
	<-done
	runtime.GOMAXPROCS(old)
	fmt.Println("spinning goroutine preempted: yes")
}

var keep [][]byte

func garbage() {
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 1024; i++ {
		b := make([]byte, 64*1024)
		b[0], b[len(b)-1] = byte(i), byte(i)
		keep = append(keep, b)
		if len(keep) > 16 {
			keep = keep[1:]
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Printf("allocated 64 MiB under pressure, collections ran: %s\n", yes(after.NumGC > before.NumGC))
	fmt.Printf("live heap stayed small: %s\n", yes(after.HeapAlloc < 32<<20))
	intact := true
	for _, b := range keep {
		intact = intact && b[0] == b[len(b)-1]
	}
	fmt.Printf("kept buffers intact: %s\n", yes(intact))
}

func main() {
	argsAndEnv()
	pipeline()
	manyGoroutines()
	pingPong()
	sharedMap()
	maxProcs()
	preemption()
	garbage()
}
