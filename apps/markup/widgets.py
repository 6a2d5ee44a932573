"""The post editor: django-markdownx's widget plus our toolbar, upload button and drafts."""

from markdownx.widgets import MarkdownxWidget


class EditorWidget(MarkdownxWidget):
    """markdownx's textarea and preview (templates/markdownx/widget.html), with
    static/js/editor.js for the toolbar, shortcuts, the image button and drafts."""

    class Media:
        js = ["js/editor.js"]
