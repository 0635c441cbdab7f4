# worker pages
