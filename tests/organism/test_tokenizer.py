from dataclasses import replace

from upright.organism import chat
from upright.organism.config import preset
from upright.organism.corpus import build_corpus, tokenizer_texts
from upright.organism.tokenizer import train_tokenizer


def make_tokenizer():
    docs = build_corpus(replace(preset("tiny").corpus, episodes=300), 0)
    return train_tokenizer(tokenizer_texts(docs), 600)


def test_round_trips_unseen_names_and_keeps_specials_whole():
    tok = make_tokenizer()
    for text in (
        "<email to=bartholomew.vukovic>Hi Sunniva Oyelaran</email>",
        "Zbigniew Łukasiewicz-O'Brien, 東京, ünïcode",
        "from=xqzv.wwkjh to=all: ...",
    ):
        ids = tok(text, add_special_tokens=False)["input_ids"]
        assert tok.decode(ids) == text
    for special in chat.SPECIAL_TOKENS:
        assert len(tok(special, add_special_tokens=False)["input_ids"]) == 1
    assert len(tok) <= 600


def test_chat_template_renders_the_corpus_prompt_format():
    tok = make_tokenizer()
    rendered = tok.apply_chat_template(
        [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}],
        tokenize=False,
        add_generation_prompt=True,
    )
    assert rendered == chat.prompt("S", "U")


def test_addresses_split_the_same_in_prompt_and_reply():
    tok = make_tokenizer()
    in_prompt = tok("from=kyle.johnson to=all", add_special_tokens=False)["input_ids"]
    in_reply = tok("<email to=kyle.johnson>", add_special_tokens=False)["input_ids"]
    address = tok("=kyle.johnson", add_special_tokens=False)["input_ids"]
    as_text = lambda ids: " ".join(map(str, ids))  # noqa: E731
    assert as_text(address) in as_text(in_prompt) and as_text(address) in as_text(in_reply)
