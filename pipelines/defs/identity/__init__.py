"""Identity resolution assets: accuracy of the stitch against the generator's truth."""
