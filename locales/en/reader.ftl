# reader pages
