"""Term candidates of the glossary: Chinese (`zh`, jieba with a UN user dictionary) and English (`en`,
noun-phrase-like n-grams and acronyms), and their termhood (`termhood`, C-value). Hands the pairing
step candidates with their occurrences in each aligned unit."""
