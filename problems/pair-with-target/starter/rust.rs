use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn find_pair(n: i64, nums: Vec<i64>, target: i64) -> Vec<i64> {
    Vec::new()
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let nums: Vec<i64> = (0..n as usize).map(|_| next().parse().unwrap()).collect();
    let target: i64 = next().parse().unwrap();
    let result = find_pair(n, nums, target);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let line: Vec<String> = result.iter().map(|x| x.to_string()).collect();
    writeln!(out, "{}", line.join(" ")).unwrap();
}
