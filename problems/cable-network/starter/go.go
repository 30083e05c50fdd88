package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// networkCost: TODO: implement this function
func networkCost(n int, m int, links [][]int) int {
	return 0
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
	links := make([][]int, m)
	for i := range links {
		links[i] = make([]int, 3)
		for j := range links[i] {
			links[i][j] = readInt()
		}
	}
	result := networkCost(n, m, links)
	fmt.Fprintln(out, result)
}
