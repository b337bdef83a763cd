"""The HMAC secret every engine test builds its engine with (a module of its own: another test folder's
conftest may be the one Python finds under the name `conftest`)."""

SECRET = b"test-secret-0123456789abcdef"
