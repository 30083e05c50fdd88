use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn merge_slots(n: i64, slots: Vec<Vec<i64>>) -> Vec<Vec<i64>> {
    Vec::new()
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let slots: Vec<Vec<i64>> = (0..n as usize)
        .map(|_| (0..2).map(|_| next().parse().unwrap()).collect())
        .collect();
    let result = merge_slots(n, slots);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for row in &result {
        let line: Vec<String> = row.iter().map(|x| x.to_string()).collect();
        writeln!(out, "{}", line.join(" ")).unwrap();
    }
}
