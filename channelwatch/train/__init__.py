"""Training the tagger's learned decision from labelled sets (``channelwatch train``)."""
