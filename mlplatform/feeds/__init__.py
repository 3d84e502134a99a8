"""The clouds' public price feeds: parse them into catalog rows, fetch and write the feed tables."""
