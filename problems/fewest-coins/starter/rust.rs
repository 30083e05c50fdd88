use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn fewest_coins(k: i64, amount: i64, coins: Vec<i64>) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let k: i64 = next().parse().unwrap();
    let amount: i64 = next().parse().unwrap();
    let coins: Vec<i64> = (0..k as usize).map(|_| next().parse().unwrap()).collect();
    let result = fewest_coins(k, amount, coins);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
