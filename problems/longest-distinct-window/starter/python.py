import sys


def longest_distinct(s: str) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    s = next(tokens)
    result = longest_distinct(s)
    print(result)


if __name__ == "__main__":
    main()
