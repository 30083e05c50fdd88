import sys


def fewest_coins(k: int, amount: int, coins: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    k = int(next(tokens))
    amount = int(next(tokens))
    coins = [int(next(tokens)) for _ in range(k)]
    result = fewest_coins(k, amount, coins)
    print(result)


if __name__ == "__main__":
    main()
