"""``channelwatch review``: a local web page where analysts mark events right or wrong."""
