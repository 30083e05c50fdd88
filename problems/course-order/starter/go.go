package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// courseOrder: TODO: implement this function
func courseOrder(n int, m int, prereqs [][]int) []int {
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
	n := readInt()
	m := readInt()
	prereqs := make([][]int, m)
	for i := range prereqs {
		prereqs[i] = make([]int, 2)
		for j := range prereqs[i] {
			prereqs[i][j] = readInt()
		}
	}
	result := courseOrder(n, m, prereqs)
	fmt.Fprintln(out, joinInts(result))
}
