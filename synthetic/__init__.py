"""Sample-city generators and their ground truth."""
