"""Attribution: who an article credits, and whether that matches what it is."""
