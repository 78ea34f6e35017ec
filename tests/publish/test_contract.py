"""Content handed to a publisher as is: held to its contract, every violation listed."""

from __future__ import annotations

import asyncio

import pytest

from presswright.content.rules import check_article, check_product
from presswright.errors import ContentContractError
from presswright.publish.contract import (
    UnpublishableContentError,
    require_article,
    require_product,
)
from tests.content.samples import english_article, product_copy


def test_content_that_meets_its_contract_passes() -> None:
    asyncio.run(require_article(english_article()))
    asyncio.run(require_product(product_copy()))


def test_an_article_is_refused_with_every_violation_not_only_the_first_twenty() -> None:
    sample = english_article()
    broken = sample.model_copy(
        update={
            "outline": [" "] * 25,  # one violation per empty entry
            "body_html": sample.body_html + "<script>alert(1)</script>",
        }
    )
    expected = check_article(broken)
    assert len(expected) > 20

    with pytest.raises(UnpublishableContentError) as raised:
        asyncio.run(require_article(broken))

    error = raised.value
    assert isinstance(error, ContentContractError)  # the API answers 422 content-contract
    assert error.problems == expected
    assert error.violations == [str(problem) for problem in expected]
    assert str(error).startswith(f"the article breaks {len(expected)} rule(s) of its contract")
    assert all(str(problem) in str(error) for problem in expected)
    assert "after repairs" not in str(error)  # given content had none
    assert "presswright check article FILE.json" in str(error)


def test_product_copy_is_refused_with_its_violations() -> None:
    broken = product_copy(tags=["apron", "Apron"])

    with pytest.raises(UnpublishableContentError) as raised:
        asyncio.run(require_product(broken))

    assert raised.value.problems == check_product(broken) != []
    assert str(raised.value).startswith("the product copy breaks ")
    assert "presswright check product FILE.json" in str(raised.value)
