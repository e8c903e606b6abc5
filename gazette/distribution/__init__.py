"""赠阅发行: recipients, each issue's frozen distribution and 印数, labels, lists and receipts."""
