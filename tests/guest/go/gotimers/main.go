// gotimers: Go's timers on top of the kernel's clocks, futex timeouts and epoll. time.Sleep, a time.Ticker,
// time.After in a select, Timer Stop and Reset, time.AfterFunc, a context deadline and many concurrent sleepers,
// each checked against the monotonic clock with a tolerance generous enough for emulation (at least the requested
// time, less than the requested time plus two seconds). Prints derived facts only.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

const slack = 2 * time.Second

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func within(took, want time.Duration) bool {
	return took >= want && took < want+slack
}

func main() {
	fmt.Printf("wall clock after 2020: %s\n", yes(time.Now().Year() >= 2020))

	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	fmt.Printf("sleep within tolerance: %s\n", yes(within(time.Since(start), 50*time.Millisecond)))

	// Every start is taken before the timer is armed: a timer that fires exactly on time then never reads as early.
	start = time.Now()
	ticker := time.NewTicker(20 * time.Millisecond)
	for i := 0; i < 5; i++ {
		<-ticker.C
	}
	ticker.Stop()
	fmt.Printf("ticker: five ticks within tolerance: %s\n", yes(within(time.Since(start), 100*time.Millisecond)))

	start = time.Now()
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("select took a value from a channel nobody writes: FAILED")
	case <-time.After(30 * time.Millisecond):
	}
	fmt.Printf("time.After ends a select within tolerance: %s\n", yes(within(time.Since(start), 30*time.Millisecond)))

	timer := time.NewTimer(time.Hour)
	fmt.Printf("Stop of a pending timer returns true: %s\n", yes(timer.Stop()))
	start = time.Now()
	timer.Reset(20 * time.Millisecond)
	<-timer.C
	fmt.Printf("reset timer fires within tolerance: %s\n", yes(within(time.Since(start), 20*time.Millisecond)))
	fmt.Printf("Stop of a fired timer returns false: %s\n", yes(!timer.Stop()))

	fired := make(chan time.Duration, 1)
	start = time.Now()
	time.AfterFunc(25*time.Millisecond, func() { fired <- time.Since(start) })
	fmt.Printf("AfterFunc runs within tolerance: %s\n", yes(within(<-fired, 25*time.Millisecond)))

	start = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
	<-ctx.Done()
	cancel()
	fmt.Printf("context deadline within tolerance: %s\n", yes(within(time.Since(start), 40*time.Millisecond)))
	fmt.Printf("context error is DeadlineExceeded: %s\n", yes(ctx.Err() == context.DeadlineExceeded))

	var wg sync.WaitGroup
	var mu sync.Mutex
	late, early := 0, 0
	start = time.Now()
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(d time.Duration) {
			defer wg.Done()
			t0 := time.Now()
			time.Sleep(d)
			took := time.Since(t0)
			mu.Lock()
			if took < d {
				early++
			} else if took >= d+slack {
				late++
			}
			mu.Unlock()
		}(time.Duration(10+i%5*10) * time.Millisecond)
	}
	wg.Wait()
	fmt.Printf("100 concurrent sleepers, none early: %s\n", yes(early == 0))
	fmt.Printf("100 concurrent sleepers, none late: %s\n", yes(late == 0))
	fmt.Printf("all done within tolerance: %s\n", yes(within(time.Since(start), 50*time.Millisecond)))
}
