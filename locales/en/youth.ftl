# youth pages
