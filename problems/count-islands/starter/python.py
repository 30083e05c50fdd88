import sys


def count_islands(r: int, c: int, grid: list[str]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    r = int(next(tokens))
    c = int(next(tokens))
    grid = [next(tokens) for _ in range(r)]
    result = count_islands(r, c, grid)
    print(result)


if __name__ == "__main__":
    main()
