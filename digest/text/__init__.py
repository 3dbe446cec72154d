"""Pure functions over article text: boilerplate, datelines, sentences, quotes, titles, places."""
