// rust-threads: std::thread, Mutex, Arc, mpsc channels and thread-locals, built with rustc -C
// target-feature=+crt-static (a static glibc binary). Eight threads add to a Mutex-guarded counter, a producer
// thread sends 1,000 numbers through an mpsc channel, scoped threads borrow a vector, a panicking thread is seen
// as an Err from join, and thread-locals start fresh in every thread. Prints derived facts only.
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

thread_local! {
    static LOCAL: Cell<u32> = Cell::new(7);
}

fn yes(ok: bool) -> &'static str {
    if ok {
        "yes"
    } else {
        "no"
    }
}

fn main() {
    let counter = Arc::new(Mutex::new(0u64));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..5000 {
                    *counter.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("mutex counter: {}", *counter.lock().unwrap());

    let (tx, rx) = mpsc::channel();
    let producer = thread::spawn(move || {
        for i in 1..=1000u64 {
            tx.send(i).unwrap();
        }
    });
    let sum: u64 = rx.iter().sum();
    producer.join().unwrap();
    println!("mpsc sum: {}", sum);

    let (tx, rx) = mpsc::sync_channel(2);
    let workers: Vec<_> = (0..4u64)
        .map(|w| {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..100u64 {
                    tx.send(w * 1000 + i).unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let received = rx.iter().count();
    for w in workers {
        w.join().unwrap();
    }
    println!("bounded channel from four senders: {}", received);

    let data = vec![1u64, 2, 3, 4, 5, 6, 7, 8];
    let total = AtomicUsize::new(0);
    thread::scope(|s| {
        for chunk in data.chunks(2) {
            let total = &total;
            s.spawn(move || {
                total.fetch_add(chunk.iter().sum::<u64>() as usize, Ordering::SeqCst);
            });
        }
    });
    println!("scoped threads sum: {}", total.load(Ordering::SeqCst));

    LOCAL.with(|l| l.set(99));
    let fresh = thread::spawn(|| LOCAL.with(|l| l.get())).join().unwrap();
    println!("thread-local starts fresh in a new thread: {}", yes(fresh == 7));
    println!("main's thread-local kept: {}", yes(LOCAL.with(|l| l.get()) == 99));

    let named = thread::Builder::new()
        .name("kiln-rust".into())
        .spawn(|| thread::current().name().map(|n| n.to_string()))
        .unwrap()
        .join()
        .unwrap();
    println!("thread name: {}", named.unwrap_or_default());

    std::panic::set_hook(Box::new(|_| {}));
    let crashed = thread::spawn(|| {
        let v: Vec<u32> = Vec::new();
        v[3]
    })
    .join();
    println!("panicking thread joins as Err: {}", yes(crashed.is_err()));
    println!("available parallelism known: {}", yes(thread::available_parallelism().is_ok()));
}
