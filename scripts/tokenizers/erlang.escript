#!/usr/bin/env escript
%% Paths on stdin; prints path, code, comment and blank lines by erl_scan (comments returned):
%% code where a token other than a comment touches a line.
main([]) -> loop().
loop() ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            Path = string:trim(Line, trailing, "\n"),
            case catch classes(Path) of
                S when is_list(S) ->
                    io:format("~s\t~b\t~b\t~b~n", [Path, count($c, S), count($m, S), count($b, S)]);
                _ -> ok
            end,
            loop()
    end.
count(C, S) -> length([X || X <- S, X =:= C]).
classes(Path) ->
    {ok, Bin} = file:read_file(Path),
    Text = case unicode:characters_to_list(Bin) of L when is_list(L) -> L; _ -> binary_to_list(Bin) end,
    {ok, Toks, _} = erl_scan:string(Text, {1, 1}, [return_comments, text]),
    Cls = lists:foldl(fun(T, Acc) ->
        Kind = case element(1, T) of comment -> m; _ -> c end,
        Line = erl_scan:line(T),
        Str = erl_scan:text(T),
        Pieces = string:split(Str, "\n", all),
        {_, Acc2} = lists:foldl(fun(P, {J, A}) ->
            case string:trim(P) of
                "" -> {J + 1, A};
                _ -> L2 = Line + J,
                     A2 = case {Kind, maps:get(L2, A, none)} of
                              {c, _} -> A#{L2 => c};
                              {m, none} -> A#{L2 => m};
                              _ -> A end,
                     {J + 1, A2}
            end end, {0, Acc}, Pieces),
        Acc2 end, #{}, Toks),
    Lines0 = string:split(Text, "\n", all),
    Lines = case lists:last(Lines0) of "" -> lists:droplast(Lines0); _ -> Lines0 end,
    {Out, _} = lists:mapfoldl(fun(L, N) ->
        C = case string:trim(L) of
                "" -> $b;
                _ -> case maps:get(N, Cls, c) of c -> $c; m -> $m end
            end,
        {C, N + 1} end, 1, Lines),
    Out.
