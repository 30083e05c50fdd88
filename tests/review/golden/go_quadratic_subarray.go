// Correct but quadratic: tries every start and extends the block to every end.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	var n int
	fmt.Fscan(in, &n)
	a := make([]int64, n)
	for i := range a {
		fmt.Fscan(in, &a[i])
	}
	best := a[0]
	for i := 0; i < n; i++ {
		var sum int64
		for j := i; j < n; j++ {
			sum += a[j]
			if sum > best {
				best = sum
			}
		}
	}
	fmt.Println(best)
}
