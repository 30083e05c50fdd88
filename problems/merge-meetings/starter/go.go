package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// mergeSlots: TODO: implement this function
func mergeSlots(n int, slots [][]int) [][]int {
	return [][]int{}
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
	slots := make([][]int, n)
	for i := range slots {
		slots[i] = make([]int, 2)
		for j := range slots[i] {
			slots[i][j] = readInt()
		}
	}
	result := mergeSlots(n, slots)
	for _, row := range result {
		fmt.Fprintln(out, joinInts(row))
	}
}
