import sys


def best_average(n: int, k: int, a: list[int]) -> float:
    # TODO: implement this function
    return 0.0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    k = int(next(tokens))
    a = [int(next(tokens)) for _ in range(n)]
    result = best_average(n, k, a)
    print(f"{result:.6f}")


if __name__ == "__main__":
    main()
