package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// cheapestRoutes: TODO: implement this function
func cheapestRoutes(n int, m int, roads [][]int) []int {
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
	roads := make([][]int, m)
	for i := range roads {
		roads[i] = make([]int, 3)
		for j := range roads[i] {
			roads[i][j] = readInt()
		}
	}
	result := cheapestRoutes(n, m, roads)
	fmt.Fprintln(out, joinInts(result))
}
