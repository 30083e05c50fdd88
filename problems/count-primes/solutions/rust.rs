use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let n: usize = s.trim().parse().unwrap();
    let mut composite = vec![false; n + 1];
    let mut count = 0u64;
    for p in 2..=n {
        if composite[p] {
            continue;
        }
        count += 1;
        let mut q = p * p;
        while q <= n {
            composite[q] = true;
            q += p;
        }
    }
    println!("{}", count);
}
