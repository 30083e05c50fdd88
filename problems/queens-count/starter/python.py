import sys


def count_placements(n: int) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    result = count_placements(n)
    print(result)


if __name__ == "__main__":
    main()
