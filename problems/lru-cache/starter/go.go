package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// runCache: TODO: implement this function
func runCache(capacity int, q int, ops [][]int) []int {
	return []int{}
}

var scanner = bufio.NewScanner(os.Stdin)

func readToken() string {
	scanner.Scan()
	return scanner.Text()
}

func readInt() int {
	x, _ := strconv.Atoi(readToken())
	return x
}

func joinInts(values []int) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, " ")
}

func main() {
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	scanner.Split(bufio.ScanWords)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	capacity := readInt()
	q := readInt()
	ops := make([][]int, q)
	for i := range ops {
		ops[i] = make([]int, 3)
		for j := range ops[i] {
			ops[i][j] = readInt()
		}
	}
	result := runCache(capacity, q, ops)
	fmt.Fprintln(out, joinInts(result))
}
