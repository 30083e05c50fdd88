use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn network_cost(n: i64, m: i64, links: Vec<Vec<i64>>) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let m: i64 = next().parse().unwrap();
    let links: Vec<Vec<i64>> = (0..m as usize)
        .map(|_| (0..3).map(|_| next().parse().unwrap()).collect())
        .collect();
    let result = network_cost(n, m, links);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
