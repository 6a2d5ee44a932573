"""Reading the notes: what becomes a thread, what is left out, and notes that cannot be read."""

import datetime as dt

import pytest

from apps.masterclass.seeding import parse_notes

FRONT = "---\ntitle: notes\ndate: 2022-03-04\n---\n"


def test_only_third_level_headings_start_threads_and_the_intro_is_left_out():
    date, threads = parse_notes(
        FRONT + "## 강연 제목\n소개 문단은 스레드가 아닙니다.\n"
        "###   첫 질문   \n첫 답\n#### 작은 제목\n작은 제목 아래\n"
        "### 둘째 질문\n둘째 답\n"
    )
    assert date == dt.date(2022, 3, 4)
    assert [thread.title for thread in threads] == ["첫 질문", "둘째 질문"]
    # A deeper heading belongs to its section's answer; the intro belongs to no thread.
    assert threads[0].notes == "첫 답\n#### 작은 제목\n작은 제목 아래\n"
    assert threads[1].notes == "둘째 답\n"
    assert all("소개 문단" not in thread.notes for thread in threads)


def test_a_second_level_heading_inside_a_section_is_dropped():
    _date, threads = parse_notes(FRONT + "### 질문\n앞부분\n## 다음 강연\n뒷부분\n")
    assert threads[0].notes == "앞부분\n뒷부분\n"


def test_unpublished_images_are_left_out_but_other_images_stay():
    _date, [thread] = parse_notes(
        FRONT + "### 그림이 있는 질문\n"
        "설명\n"
        "  ![F805](./image/notes/F805.png)  \n"
        "![도표](https://example.com/chart.png)\n"
        "본문 속 ![작은 그림](./image/notes/inline.png) 은 그대로\n"
    )
    assert "F805" not in thread.notes
    assert "![도표](https://example.com/chart.png)" in thread.notes
    assert "본문 속 ![작은 그림](./image/notes/inline.png) 은 그대로" in thread.notes


def test_blank_runs_collapse_and_trailing_spaces_go():
    _date, [thread] = parse_notes(
        FRONT + "### 질문\n\n\n첫 줄   \n\n\n\n![x](./image/x.png)\n\n둘째 줄\t\n\n\n"
    )
    assert thread.notes == "첫 줄\n\n둘째 줄\n"


def test_an_empty_section_is_still_a_thread():
    _date, threads = parse_notes(FRONT + "### 답이 없는 질문\n### 다음 질문\n답\n")
    assert [(t.title, t.notes) for t in threads] == [
        ("답이 없는 질문", "\n"),
        ("다음 질문", "답\n"),
    ]


def test_notes_without_sections_have_no_threads():
    assert parse_notes(FRONT + "## 제목만\n문단만 있어요.\n") == (dt.date(2022, 3, 4), [])


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: notes\n---\n### 질문\n답\n",  # no date at all
        "---\ntitle: notes\n---\ndate: 2022-03-04\n### 질문\n답\n",  # a date only in the body
        "---\ndate: 2022-13-40\n---\n### 질문\n답\n",  # not a real day
    ],
)
def test_notes_without_a_front_matter_date_are_refused(text):
    with pytest.raises(ValueError):
        parse_notes(text)
