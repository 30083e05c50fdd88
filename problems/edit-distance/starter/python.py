import sys


def edit_distance(a: str, b: str) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    a = next(tokens)
    b = next(tokens)
    result = edit_distance(a, b)
    print(result)


if __name__ == "__main__":
    main()
