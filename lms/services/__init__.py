"""Operations: load models, call the domain, write in one transaction."""
