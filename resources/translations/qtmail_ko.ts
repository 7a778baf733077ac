<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="69"/>
        <source>&amp;New Message</source>
        <translation>새 메일(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="71"/>
        <source>&amp;Open Message File…</source>
        <translation>메일 파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="72"/>
        <source>&amp;Save Message As…</source>
        <translation>메일을 다른 이름으로 저장(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="73"/>
        <source>&amp;Print…</source>
        <translation>인쇄(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="74"/>
        <source>Save as P&amp;DF…</source>
        <translation>PDF로 저장(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="77"/>
        <source>&amp;Get Mail</source>
        <translation>메일 받기(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="79"/>
        <source>&amp;Add Account…</source>
        <translation>계정 추가(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="80"/>
        <source>Account &amp;Settings…</source>
        <translation>계정 설정(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="81"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="84"/>
        <location filename="../../qtmail/ui/main_window_messages.py" line="278"/>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="86"/>
        <source>Se&amp;ttings…</source>
        <translation>설정(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="88"/>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="91"/>
        <source>&amp;Search Messages</source>
        <translation>메일 검색(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="96"/>
        <source>Select &amp;All Messages</source>
        <translation>모든 메일 선택(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="100"/>
        <source>&amp;Reply</source>
        <translation>답장(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="103"/>
        <source>Reply &amp;All</source>
        <translation>전체 답장(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="108"/>
        <source>&amp;Forward</source>
        <translation>전달(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="111"/>
        <source>&amp;Toggle Read/Unread</source>
        <translation>읽음/안 읽음 전환(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="112"/>
        <source>Mark as &amp;Read</source>
        <translation>읽음으로 표시(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="113"/>
        <source>Mark as &amp;Unread</source>
        <translation>안 읽음으로 표시(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="115"/>
        <source>Mark &amp;Folder as Read</source>
        <translation>폴더 전체를 읽음으로 표시(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="117"/>
        <source>Ar&amp;chive</source>
        <translation>보관(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="118"/>
        <source>Mark as &amp;Junk</source>
        <translation>스팸으로 표시(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="120"/>
        <source>Mark as N&amp;ot Junk</source>
        <translation>스팸 아님으로 표시(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="122"/>
        <source>&amp;Flag / Unflag</source>
        <translation>깃발 표시/해제(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="125"/>
        <source>&amp;Move to Folder…</source>
        <translation>폴더로 이동(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="130"/>
        <source>&amp;Open in New Window</source>
        <translation>새 창에서 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="135"/>
        <source>&amp;Edit Draft</source>
        <translation>초안 편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="138"/>
        <source>View &amp;Source</source>
        <translation>원본 보기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="142"/>
        <source>MIME S&amp;tructure</source>
        <translation>MIME 구조(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="145"/>
        <source>Load &amp;Remote Content</source>
        <translation>원격 콘텐츠 불러오기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="146"/>
        <source>Save All &amp;Attachments…</source>
        <translation>모든 첨부 파일 저장(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="149"/>
        <source>Message View on the &amp;Right</source>
        <translation>메일 보기를 오른쪽에(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="150"/>
        <source>Message View &amp;Below</source>
        <translation>메일 보기를 아래에(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="156"/>
        <source>Group by &amp;Thread</source>
        <translation>스레드로 묶기(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="162"/>
        <source>E&amp;xpand All Threads</source>
        <translation>모든 스레드 펼치기(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="165"/>
        <source>Co&amp;llapse All Threads</source>
        <translation>모든 스레드 접기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="172"/>
        <source>Show &amp;Conversation</source>
        <translation>대화 보기(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="175"/>
        <source>&amp;Next Unread Message</source>
        <translation>다음 안 읽은 메일(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="177"/>
        <source>&amp;New Folder…</source>
        <translation>새 폴더(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="178"/>
        <source>&amp;Rename Folder…</source>
        <translation>폴더 이름 바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="179"/>
        <source>&amp;Delete Folder</source>
        <translation>폴더 삭제(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="180"/>
        <source>Sync &amp;Activity and Errors…</source>
        <translation>동기화 활동 및 오류(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="181"/>
        <source>&amp;Protocol Log…</source>
        <translation>프로토콜 기록(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="183"/>
        <source>&amp;About qtmail</source>
        <translation>qtmail 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="236"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="245"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="252"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="261"/>
        <source>&amp;Message</source>
        <translation>메일(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="276"/>
        <source>F&amp;older</source>
        <translation>폴더(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="281"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/actions.py" line="329"/>
        <source>Main Toolbar</source>
        <translation>기본 도구 모음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="334"/>
        <source>Save attachment</source>
        <translation>첨부 파일 저장</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="339"/>
        <source>Save all attachments to</source>
        <translation>모든 첨부 파일 저장 위치</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="345"/>
        <source>Replace file?</source>
        <translation>파일을 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="346"/>
        <source>“{name}” already exists in {folder}. Replace it?</source>
        <translation>{folder}에 “{name}” 파일이 이미 있습니다. 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="364"/>
        <source>Open attachment</source>
        <translation>첨부 파일 열기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="366"/>
        <source>“{name}” is a page that can run scripts in your browser, and pages in mail are a common way to steal passwords. Open it only if you expected it from this sender.</source>
        <translation>“{name}”은(는) 브라우저에서 스크립트를 실행할 수 있는 페이지이며, 메일에 담긴 페이지는 비밀번호를 훔치는 흔한 수단입니다. 이 보낸 사람에게서 받기로 한 경우에만 여세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="420"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="420"/>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="815"/>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="420"/>
        <source>Type</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="579"/>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="581"/>
        <source>&amp;Save As…</source>
        <translation>다른 이름으로 저장(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="583"/>
        <source>Save &amp;All…</source>
        <translation>모두 저장(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="769"/>
        <source>Not opened</source>
        <translation>열지 않음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="771"/>
        <source>“{name}” could run a program, so qtmail will not open it. Save it if you trust the sender.</source>
        <translation>“{name}” 파일은 프로그램을 실행할 수 있어 qtmail이 열지 않습니다. 보낸 사람을 믿는다면 저장하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="760"/>
        <source>Could not open</source>
        <translation>열지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="761"/>
        <source>Could not open “{name}”: {error}</source>
        <translation>“{name}” 파일을 열지 못했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="835"/>
        <source>Could not save</source>
        <translation>저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/attachment_view.py" line="836"/>
        <source>Could not save “{name}”: {error}</source>
        <translation>“{name}” 파일을 저장하지 못했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="32"/>
        <source>Delete permanently</source>
        <translation>영구 삭제</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="56"/>
        <source>Delete the folder “{folder}”?</source>
        <translation>“{folder}” 폴더를 삭제할까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="70"/>
        <source>It holds no messages.</source>
        <translation>폴더에 메일이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="73"/>
        <source>Delete Folder</source>
        <translation>폴더 삭제</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="85"/>
        <source>Open Message File</source>
        <translation>메일 파일 열기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="85"/>
        <source>Messages (*.eml);;All files (*)</source>
        <translation>메일 (*.eml);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="91"/>
        <source>Save Message As</source>
        <translation>메일을 다른 이름으로 저장</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="91"/>
        <source>Messages (*.eml)</source>
        <translation>메일 (*.eml)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="96"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="112"/>
        <location filename="../../qtmail/ui/welcome.py" line="28"/>
        <source>Welcome to qtmail</source>
        <translation>qtmail에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="113"/>
        <source>There is no mail account yet. Set one up now?</source>
        <translation>아직 메일 계정이 없습니다. 지금 설정할까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="125"/>
        <source>Move to Folder</source>
        <translation>폴더로 이동</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="129"/>
        <location filename="../../qtmail/ui/main_window.py" line="550"/>
        <source>qtmail</source>
        <translation>qtmail</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="201"/>
        <source>Search messages (Ctrl+F)</source>
        <translation>메일 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="238"/>
        <source>Send Again</source>
        <translation>다시 보내기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="472"/>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="314"/>
        <source>Unified Inbox</source>
        <translation>통합 받은편지함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="488"/>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="61"/>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="336"/>
        <source>Outbox</source>
        <translation>보낼 편지함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="550"/>
        <source>{folder} — qtmail</source>
        <translation>{folder} — qtmail</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="560"/>
        <source>{unread}, {total}</source>
        <translation>{unread}, {total}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="607"/>
        <source>{sender}: {subject}</source>
        <translation>{sender}: {subject}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="616"/>
        <source>New mail in your inbox</source>
        <translation>받은편지함에 새 메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="660"/>
        <location filename="../../qtmail/ui/main_window.py" line="773"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="845"/>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="684"/>
        <source>This message is not part of a conversation.</source>
        <translation>이 메일은 대화에 속하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="688"/>
        <source>Conversation: {subject}</source>
        <translation>대화: {subject}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="767"/>
        <source>No more unread messages here.</source>
        <translation>여기에는 안 읽은 메일이 더 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="800"/>
        <source>This message has not been downloaded and its account is not set up.</source>
        <translation>이 메일은 내려받지 않았고 계정도 설정되어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="827"/>
        <source>The message could not be shown: {error}</source>
        <translation>메일을 표시할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="77"/>
        <source>This account has no Archive folder.</source>
        <translation>이 계정에는 보관함 폴더가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="82"/>
        <source>This account has no Junk folder.</source>
        <translation>이 계정에는 스팸 폴더가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="86"/>
        <source>Not Junk</source>
        <translation>스팸 아님</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="86"/>
        <source>This account has no Inbox.</source>
        <translation>이 계정에는 받은편지함이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="169"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="205"/>
        <source>Messages can only be moved within their own account.</source>
        <translation>메일은 같은 계정 안에서만 옮길 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="208"/>
        <source>Move</source>
        <translation>이동</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="275"/>
        <source>&amp;Undo {what}</source>
        <translation>{what} 실행 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="57"/>
        <source>The composer is not available: {error}</source>
        <translation>메일 쓰기 창을 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="119"/>
        <source>Cannot write a message</source>
        <translation>메일을 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="149"/>
        <source>Draft saved to {folder}.</source>
        <translation>임시 보관함({folder})에 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="161"/>
        <source>No account sends as {address}.</source>
        <translation>{address}(으)로 보내는 계정이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="226"/>
        <source>Cannot send</source>
        <translation>보낼 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="279"/>
        <source>Too late to undo: the message is already on its way.</source>
        <translation>되돌리기에는 늦었습니다: 메시지를 이미 보내고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="282"/>
        <source>Sending undone.</source>
        <translation>보내기를 취소했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="367"/>
        <source>The draft is still loading; try again in a moment.</source>
        <translation>초안을 아직 불러오는 중입니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="372"/>
        <source>No account named {name}.</source>
        <translation>{name} 계정이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_accounts.py" line="23"/>
        <source>Account setup is not available: {error}</source>
        <translation>계정 설정을 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="609"/>
        <location filename="../../qtmail/ui/main_window.py" line="688"/>
        <location filename="../../qtmail/ui/main_window_files.py" line="62"/>
        <location filename="../../qtmail/ui/message_view.py" line="612"/>
        <location filename="../../qtmail/ui/mime_structure.py" line="187"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="885"/>
        <source>(no subject)</source>
        <translation>(제목 없음)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_accounts.py" line="48"/>
        <source>Account settings are not available: {error}</source>
        <translation>계정 설정을 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="887"/>
        <source>About qtmail</source>
        <translation>qtmail 정보</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="888"/>
        <source>qtmail {version}
A fast, safe desktop e-mail client.</source>
        <translation>qtmail {version}
빠르고 안전한 데스크톱 메일 프로그램.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="140"/>
        <source>{date} {time}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="215"/>
        <source>The part before “@” is not the site: this link leads to {host}.</source>
        <translation>“@” 앞부분은 사이트가 아닙니다. 이 링크는 {host}(으)로 연결됩니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="223"/>
        <source>This link leads to a bare network address ({host}), not to a named site.</source>
        <translation>이 링크는 이름 있는 사이트가 아니라 네트워크 주소({host})로 연결됩니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="229"/>
        <source>The site&apos;s name uses letters beyond plain Latin, some of which look like others; in plain letters it is {ascii}.</source>
        <translation>사이트 이름에 기본 라틴 문자 외의 글자가 쓰였고, 그중 일부는 다른 글자와 비슷해 보입니다. 기본 문자로 쓰면 {ascii}입니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="517"/>
        <source>Load for this message</source>
        <translation>이 메일에서 불러오기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="519"/>
        <source>Always for this sender</source>
        <translation>이 보낸 사람은 항상 허용</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="550"/>
        <source>This message is very large: only its first part is shown, so that qtmail stays responsive.</source>
        <translation>메일이 매우 커서 qtmail이 멈추지 않도록 앞부분만 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="555"/>
        <source>Show All</source>
        <translation>모두 보기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="579"/>
        <source>From:</source>
        <translation>보낸 사람:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="580"/>
        <source>Reply-To:</source>
        <translation>회신 주소:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="581"/>
        <source>To:</source>
        <translation>받는 사람:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="582"/>
        <source>Cc:</source>
        <translation>참조:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="583"/>
        <source>Date:</source>
        <translation>날짜:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="647"/>
        <source>The link text shows “{shown}”, but the link really leads to:

{target}

This is a common trick in fraudulent mail. Open it anyway?</source>
        <translation>링크 글자는 “{shown}”(으)로 보이지만 실제로는 다음 주소로 연결됩니다:

{target}

사기 메일에서 흔히 쓰는 수법입니다. 그래도 열까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="652"/>
        <source>Open this link in your browser?

{target}</source>
        <translation>이 링크를 브라우저에서 열까요?

{target}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="659"/>
        <source>Open link</source>
        <translation>링크 열기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="724"/>
        <source>No message selected</source>
        <translation>선택한 메일 없음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <source>Part</source>
        <translation>파트</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <source>Content type</source>
        <translation>콘텐츠 형식</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <source>Encoding</source>
        <translation>인코딩</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <source>File name</source>
        <translation>파일 이름</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="123"/>
        <source>Boundary</source>
        <translation>경계</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="135"/>
        <location filename="../../qtmail/ui/mime_structure.py" line="222"/>
        <source>message</source>
        <translation>메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="148"/>
        <source>{size} bytes as transmitted</source>
        <translation>전송 크기 {size}바이트</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="157"/>
        <source>Boundary: {boundary}</source>
        <translation>경계: {boundary}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="159"/>
        <source>Content-ID: {cid}</source>
        <translation>Content-ID: {cid}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="161"/>
        <source>Disposition: {disposition}</source>
        <translation>Disposition: {disposition}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="165"/>
        <source>Encoded size: {size} bytes</source>
        <translation>인코딩된 크기: {size}바이트</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="173"/>
        <source>[… {count} more bytes not shown; save the message as .eml to see all …]</source>
        <translation>[… {count}바이트 더 있음. 전체를 보려면 메일을 .eml로 저장하세요 …]</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="188"/>
        <source>Message structure — {subject}</source>
        <translation>메일 구조 — {subject}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="220"/>
        <source>Problems found while reading this message:</source>
        <translation>이 메일을 읽는 중 발견한 문제:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="226"/>
        <source>No problems found in the message format.</source>
        <translation>메일 형식에서 문제를 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="230"/>
        <source>Structure</source>
        <translation>구조</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="238"/>
        <source>The message source is not available.</source>
        <translation>메일 원본을 볼 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/mime_structure.py" line="240"/>
        <source>Source</source>
        <translation>원본</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="55"/>
        <source>Inbox</source>
        <translation>받은편지함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="56"/>
        <location filename="../../qtmail/ui/models/outbox.py" line="33"/>
        <source>Sent</source>
        <translation>보낸편지함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="57"/>
        <source>Drafts</source>
        <translation>임시 보관함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="58"/>
        <source>Trash</source>
        <translation>휴지통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="59"/>
        <source>Junk</source>
        <translation>스팸</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="60"/>
        <source>Archive</source>
        <translation>보관함</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="195"/>
        <source>Folders</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="224"/>
        <source>{name}: {total} messages, {unread} unread</source>
        <translation>{name}: 메일 {total}통, 안 읽음 {unread}통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/folder_tree.py" line="348"/>
        <source>Local Folders</source>
        <translation>로컬 폴더</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="814"/>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <source>To</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="814"/>
        <source>From</source>
        <translation>보낸 사람</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="815"/>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="815"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="822"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="894"/>
        <source>Flagged</source>
        <translation>깃발</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="822"/>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="882"/>
        <source>(no recipient)</source>
        <translation>(받는 사람 없음)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="608"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="883"/>
        <source>(unknown sender)</source>
        <translation>(알 수 없는 보낸 사람)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="896"/>
        <source>Has attachments</source>
        <translation>첨부 파일 있음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="901"/>
        <source>Account: {account}</source>
        <translation>계정: {account}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="940"/>
        <source>Yesterday {time}</source>
        <translation>어제 {time}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="942"/>
        <source>{weekday} {time}</source>
        <translation>{weekday} {time}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="947"/>
        <source>d MMM</source>
        <translation>M월 d일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="83"/>
        <source>connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="120"/>
        <source>Getting mail — {accounts}</source>
        <translation>메일 받는 중 — {accounts}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="149"/>
        <source>Sync Activity and Errors</source>
        <translation>동기화 활동 및 오류</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="154"/>
        <source>Account</source>
        <translation>계정</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="31"/>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="32"/>
        <source>Sending</source>
        <translation>보내는 중</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="34"/>
        <source>Needs attention</source>
        <translation>확인 필요</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="35"/>
        <source>Will retry</source>
        <translation>다시 시도 예정</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <location filename="../../qtmail/ui/sync_status.py" line="154"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/outbox.py" line="67"/>
        <source>Queued</source>
        <translation>대기열에 있음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="154"/>
        <source>Details</source>
        <translation>자세히</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="158"/>
        <source>Getting mail</source>
        <translation>메일 받는 중</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="160"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="162"/>
        <source>Up to date ({time})</source>
        <translation>최신 상태 ({time})</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="166"/>
        <source>Idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="170"/>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="181"/>
        <source>Choose an account and press “Show Protocol Log”.</source>
        <translation>계정을 고르고 “프로토콜 기록 보기”를 누르세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="183"/>
        <source>Show Protocol Log</source>
        <translation>프로토콜 기록 보기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="201"/>
        <source>The protocol log of this account is empty.</source>
        <translation>이 계정의 프로토콜 기록이 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="68"/>
        <source>Show qtmail</source>
        <translation>qtmail 보이기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="69"/>
        <source>Get Mail</source>
        <translation>메일 받기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="70"/>
        <source>New Message</source>
        <translation>새 메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="76"/>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="99"/>
        <source>qtmail — no unread mail</source>
        <translation>qtmail — 안 읽은 메일 없음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/welcome.py" line="37"/>
        <source>Add your mail account to start reading and sending mail. Your address and password are usually enough: qtmail looks up the server settings for you.</source>
        <translation>메일을 읽고 보내려면 먼저 메일 계정을 추가하세요. 보통은 메일 주소와 비밀번호만 있으면 됩니다. 서버 설정은 qtmail이 찾아 드립니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/welcome.py" line="48"/>
        <source>&amp;Add Mail Account…</source>
        <translation>메일 계정 추가(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/welcome.py" line="52"/>
        <source>&amp;Open a Message File…</source>
        <translation>메일 파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/welcome.py" line="55"/>
        <source>Later: File ▸ Add Account… adds more accounts.</source>
        <translation>나중에 계정을 더 추가하려면: 파일 ▸ 계정 추가…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_list_view.py" line="279"/>
        <source>No messages match “{search}”.</source>
        <translation>“{search}”에 맞는 메일이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/message_list_view.py" line="280"/>
        <source>This folder is empty.</source>
        <translation>이 폴더는 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/new_folder.py" line="29"/>
        <source>New Folder</source>
        <translation>새 폴더</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/new_folder.py" line="34"/>
        <source>{account} (top level)</source>
        <translation>{account} (최상위)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/new_folder.py" line="46"/>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/new_folder.py" line="47"/>
        <source>&amp;Create as a subfolder of:</source>
        <translation>상위 폴더(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_files.py" line="142"/>
        <location filename="../../qtmail/ui/main_window_questions.py" line="96"/>
        <source>Save as PDF</source>
        <translation>PDF로 저장</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_files.py" line="142"/>
        <source>Could not write {0}: {1}</source>
        <translation>{0}에 쓸 수 없습니다: {1}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="68"/>
        <source>Select an account or a folder first.</source>
        <translation>먼저 계정이나 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="87"/>
        <source>Folder “{folder}” created.</source>
        <translation>“{folder}” 폴더를 만들었습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="91"/>
        <source>The folder could not be created</source>
        <translation>폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="97"/>
        <source>Rename Folder</source>
        <translation>폴더 이름 바꾸기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="97"/>
        <source>New name:</source>
        <translation>새 이름:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="109"/>
        <source>Folder renamed to “{folder}”.</source>
        <translation>폴더 이름을 “{folder}”(으)로 바꿨습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="117"/>
        <source>The folder could not be renamed</source>
        <translation>폴더 이름을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="139"/>
        <source>Folder “{folder}” deleted.</source>
        <translation>“{folder}” 폴더를 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="141"/>
        <source>The folder could not be deleted</source>
        <translation>폴더를 삭제할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_folders.py" line="150"/>
        <source>Working on folders of {account}…</source>
        <translation>{account}의 폴더를 변경하는 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_sync.py" line="68"/>
        <source>{account}: another qtmail process is getting mail; trying again later.</source>
        <translation>{account}: 다른 qtmail 프로세스가 메일을 가져오는 중입니다. 나중에 다시 시도합니다.</translation>
    </message>
</context>
<context>
    <name>AccountSettingsDialog</name>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="179"/>
        <source>Account Settings — %1</source>
        <translation>계정 설정 — %1</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="180"/>
        <source>&amp;Identities</source>
        <translation>신원(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="181"/>
        <source>&amp;Servers</source>
        <translation>서버(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="182"/>
        <source>&amp;Options</source>
        <translation>옵션(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="183"/>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="184"/>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="186"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="186"/>
        <source>Address:</source>
        <translation>주소:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="186"/>
        <source>Signature:</source>
        <translation>서명:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="189"/>
        <source>New password:</source>
        <translation>새 비밀번호:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="190"/>
        <source>Leave empty to keep the current password</source>
        <translation>비워 두면 현재 비밀번호를 유지합니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="191"/>
        <source>Check for new mail every (minutes, 0 = never):</source>
        <translation>새 메일 확인 간격 (분, 0 = 안 함):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="192"/>
        <source>POP3: keep mail on the server for (days, -1 = forever):</source>
        <translation>POP3: 서버에 메일 보관 기간 (일, -1 = 영구):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="193"/>
        <source>Download message bodies for offline reading</source>
        <translation>오프라인에서 읽도록 메일 본문 내려받기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="194"/>
        <source>Allow unencrypted connections (sends the password in the clear)</source>
        <translation>암호화하지 않은 연결 허용 (비밀번호가 평문으로 전송됨)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="195"/>
        <source>Remove Account…</source>
        <translation>계정 제거…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="315"/>
        <source>Remove account</source>
        <translation>계정 제거</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="317"/>
        <source>Remove the account %1 from qtmail? Its passwords and the mail stored on this computer are deleted; the mail on the server stays.</source>
        <translation>qtmail에서 %1 계정을 제거할까요? 비밀번호와 이 컴퓨터에 저장된 메일은 삭제되고, 서버의 메일은 그대로 남습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_settings.py" line="339"/>
        <source>Could not save:</source>
        <translation>저장하지 못했습니다:</translation>
    </message>
</context>
<context>
    <name>AccountWizard</name>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="202"/>
        <source>Add Mail Account</source>
        <translation>메일 계정 추가</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="205"/>
        <source>Your &amp;name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="205"/>
        <source>E-mail &amp;address:</source>
        <translation>이메일 주소(&amp;A):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="205"/>
        <source>&amp;Password:</source>
        <translation>비밀번호(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="209"/>
        <source>As others will see it, e.g. Kim Minji</source>
        <translation>다른 사람에게 보이는 이름, 예: 김민지</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="210"/>
        <source>you@example.org</source>
        <translation>you@example.org</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="211"/>
        <source>Account &amp;name:</source>
        <translation>계정 이름(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="212"/>
        <source>Allow unencrypted connections (sends the password in the clear)</source>
        <translation>암호화하지 않은 연결 허용 (비밀번호가 평문으로 전송됨)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="213"/>
        <source>Set Up &amp;Manually</source>
        <translation>수동 설정(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="214"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 뒤로(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="215"/>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="242"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="229"/>
        <source>Your e-mail address</source>
        <translation>이메일 주소</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="230"/>
        <source>Server settings</source>
        <translation>서버 설정</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="231"/>
        <source>Account ready</source>
        <translation>계정 준비 완료</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="240"/>
        <source>&amp;Continue</source>
        <translation>계속(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="240"/>
        <source>&amp;Verify and Save</source>
        <translation>확인 후 저장(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="240"/>
        <source>&amp;Finish</source>
        <translation>마침(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="242"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="271"/>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="305"/>
        <source>Enter a complete e-mail address, like name@example.org.</source>
        <translation>name@example.org 처럼 전체 이메일 주소를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="308"/>
        <source>Enter the password of this address.</source>
        <translation>이 주소의 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="322"/>
        <source>Looking up the settings for %1…</source>
        <translation>%1의 설정을 찾는 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="336"/>
        <source>Found built-in settings for %1.</source>
        <translation>%1의 내장 설정을 찾았습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="337"/>
        <source>Found the settings published by your provider.</source>
        <translation>메일 제공자가 공개한 설정을 찾았습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="338"/>
        <source>Found servers that answered at the usual names; check them.</source>
        <translation>일반적인 이름으로 응답한 서버를 찾았습니다. 확인해 주세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="342"/>
        <source>You can change anything before it is tested.</source>
        <translation>확인하기 전에 무엇이든 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="356"/>
        <source>No settings were found for %1. Enter the servers your provider gives.</source>
        <translation>%1의 설정을 찾지 못했습니다. 메일 제공자가 알려 준 서버를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="388"/>
        <source>An account named %1 already exists; choose another name.</source>
        <translation>%1 계정이 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="397"/>
        <source>Logging in to %1 and %2…</source>
        <translation>%1 및 %2에 로그인하는 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="422"/>
        <source>The server did not accept the user name or password. Check both; some providers want an app password.</source>
        <translation>서버가 사용자 이름 또는 비밀번호를 받아들이지 않았습니다. 둘 다 확인하세요. 일부 제공자는 앱 비밀번호를 요구합니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="426"/>
        <source>The server could not be reached. Check the server name and port, and your connection.</source>
        <translation>서버에 연결할 수 없습니다. 서버 이름과 포트, 네트워크 연결을 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="428"/>
        <source>No secure connection could be made.</source>
        <translation>보안 연결을 만들 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="429"/>
        <source>The server lacks something qtmail needs.</source>
        <translation>서버에 qtmail이 필요로 하는 기능이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="430"/>
        <source>The server answered in a way qtmail did not expect.</source>
        <translation>서버가 예상하지 못한 방식으로 응답했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="431"/>
        <source>The settings are not complete.</source>
        <translation>설정이 완전하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="432"/>
        <source>Setting up the account failed.</source>
        <translation>계정을 설정하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="450"/>
        <source>%1 is set up and its password works.</source>
        <translation>%1 계정이 설정되었고 비밀번호가 확인되었습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/account_wizard.py" line="453"/>
        <source>No keyring is available on this system, so the password is kept in memory only until qtmail quits; you will be asked for it again next time.</source>
        <translation>이 시스템에는 키링이 없어 비밀번호를 qtmail이 종료될 때까지 메모리에만 보관합니다. 다음에 다시 물어봅니다.</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../qtmail/ui/dialogs/certificate.py" line="17"/>
        <source>Untrusted certificate</source>
        <translation>신뢰할 수 없는 인증서</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/certificate.py" line="21"/>
        <source>The certificate of %1 could not be verified. Someone may be intercepting the connection, or the server uses a certificate of its own.</source>
        <translation>%1의 인증서를 확인할 수 없습니다. 누군가 연결을 가로채고 있거나, 서버가 자체 인증서를 쓰고 있을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/certificate.py" line="32"/>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 지문:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/certificate.py" line="44"/>
        <source>Trust it only if this fingerprint matches the one your provider or administrator gave you.</source>
        <translation>이 지문이 메일 제공자나 관리자가 알려 준 것과 같을 때만 신뢰하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/certificate.py" line="52"/>
        <source>&amp;Trust This Certificate</source>
        <translation>이 인증서 신뢰(&amp;T)</translation>
    </message>
</context>
<context>
    <name>ComposerWindow</name>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="404"/>
        <location filename="../../qtmail/ui/composer.py" line="421"/>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="405"/>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>메일 보내기 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="406"/>
        <location filename="../../qtmail/ui/composer.py" line="422"/>
        <source>Save &amp;Draft</source>
        <translation>임시 저장(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="407"/>
        <source>&amp;Attach…</source>
        <translation>첨부(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="408"/>
        <source>Si&amp;gnature</source>
        <translation>서명(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="409"/>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="412"/>
        <source>&amp;From:</source>
        <translation>보내는 사람(&amp;F):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="412"/>
        <source>&amp;To:</source>
        <translation>받는 사람(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="412"/>
        <source>&amp;Cc:</source>
        <translation>참조(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="412"/>
        <source>&amp;Bcc:</source>
        <translation>숨은 참조(&amp;B):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="412"/>
        <source>S&amp;ubject:</source>
        <translation>제목(&amp;U):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="416"/>
        <source>Recipients, separated by commas</source>
        <translation>받는 사람, 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="418"/>
        <source>Write your message here. Drop files anywhere to attach them.</source>
        <translation>여기에 내용을 쓰세요. 파일을 창 어디에나 끌어다 놓으면 첨부됩니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="420"/>
        <source>Attachments:</source>
        <translation>첨부 파일:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="423"/>
        <source>&amp;Attach Files…</source>
        <translation>파일 첨부(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="424"/>
        <source>&amp;Paste Files as Attachments</source>
        <translation>파일을 첨부로 붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="425"/>
        <source>&amp;Close</source>
        <translation>닫기(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="426"/>
        <source>&amp;Message</source>
        <translation>메일(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="427"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="444"/>
        <source>New Message</source>
        <translation>새 메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="450"/>
        <source>none — drop files here or paste them</source>
        <translation>없음 — 파일을 끌어다 놓거나 붙여넣으세요</translation>
    </message>
    <message numerus="yes">
        <location filename="../../qtmail/ui/composer.py" line="453"/>
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>파일 %n개, %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="455"/>
        <source>⚠ Large: many servers refuse messages over %1.</source>
        <translation>⚠ 용량 큼: 많은 서버가 %1이 넘는 메일을 거부합니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="524"/>
        <source>This identity has no signature.</source>
        <translation>이 신원에는 서명이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="604"/>
        <source>Attachments missing</source>
        <translation>첨부 파일 없음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="605"/>
        <source>These attachments no longer exist and were left out:
%1</source>
        <translation>다음 첨부 파일이 더 이상 없어 빠졌습니다:
%1</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="621"/>
        <source>%1 is not a file</source>
        <translation>%1은(는) 파일이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="630"/>
        <source>Could not attach</source>
        <translation>첨부하지 못했습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../../qtmail/ui/composer.py" line="628"/>
        <source>Attached %n file(s).</source>
        <translation>
            <numerusform>파일 %n개를 첨부했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="646"/>
        <source>Attach Files</source>
        <translation>파일 첨부</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="653"/>
        <source>The clipboard holds no files.</source>
        <translation>클립보드에 파일이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="704"/>
        <source>Close message</source>
        <translation>메일 닫기</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="705"/>
        <source>Save this message as a draft before closing?</source>
        <translation>닫기 전에 이 메일을 임시 저장할까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="729"/>
        <source>Add an account before writing mail.</source>
        <translation>메일을 쓰기 전에 계정을 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="132"/>
        <location filename="../../qtmail/ui/composer.py" line="732"/>
        <source>To</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="125"/>
        <source>On {date}, {name} wrote:</source>
        <translation>{date}, {name} 님이 작성:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="126"/>
        <source>an unknown date</source>
        <translation>알 수 없는 날짜</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="127"/>
        <source>someone</source>
        <translation>누군가</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="128"/>
        <source>---------- Forwarded message ----------</source>
        <translation>---------- 전달된 메일 ----------</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="129"/>
        <source>From</source>
        <translation>보낸 사람</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="130"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="131"/>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="133"/>
        <location filename="../../qtmail/ui/composer.py" line="733"/>
        <source>Cc</source>
        <translation>참조</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="734"/>
        <source>Bcc</source>
        <translation>숨은 참조</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="741"/>
        <source>The %1 field is not valid: %2</source>
        <translation>%1 항목이 올바르지 않습니다: %2</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="744"/>
        <source>Add at least one recipient.</source>
        <translation>받는 사람을 한 명 이상 넣으세요.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="747"/>
        <location filename="../../qtmail/ui/composer.py" line="801"/>
        <location filename="../../qtmail/ui/composer.py" line="878"/>
        <source>Cannot read the attachment %1: %2</source>
        <translation>첨부 파일 %1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="777"/>
        <location filename="../../qtmail/ui/composer.py" line="818"/>
        <location filename="../../qtmail/ui/composer.py" line="839"/>
        <source>Cannot send</source>
        <translation>보낼 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="780"/>
        <source>No subject</source>
        <translation>제목 없음</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="780"/>
        <source>This message has no subject. Send it anyway?</source>
        <translation>제목이 없습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="787"/>
        <source>Attachment missing?</source>
        <translation>첨부 파일을 빠뜨렸나요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="788"/>
        <source>The message mentions an attachment, but no file is attached. Send it anyway?</source>
        <translation>본문에 첨부 파일이 언급되었지만 첨부된 파일이 없습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="793"/>
        <source>Large message</source>
        <translation>큰 메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="795"/>
        <source>The attachments add up to %1; the server may refuse the message. Send it anyway?</source>
        <translation>첨부 파일이 모두 %1입니다. 서버가 메일을 거부할 수 있습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="830"/>
        <source>Reading the attachments…</source>
        <translation>첨부 파일을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="866"/>
        <location filename="../../qtmail/ui/composer.py" line="889"/>
        <location filename="../../qtmail/ui/composer.py" line="893"/>
        <location filename="../../qtmail/ui/composer.py" line="984"/>
        <source>Cannot save the draft</source>
        <translation>임시 저장할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="870"/>
        <source>Draft saved.</source>
        <translation>임시 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="33"/>
        <source>Delete %n message(s) permanently? This cannot be undone.</source>
        <translation>메일 %n통을 영구 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="59"/>
        <source>Its %n subfolder(s) will be deleted too.</source>
        <translation>하위 폴더 %n개도 함께 삭제됩니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_questions.py" line="63"/>
        <source>%n message(s) will be deleted permanently. This cannot be undone.</source>
        <translation>메일 %n통이 영구 삭제됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="554"/>
        <source>%n result(s)</source>
        <translation>결과 %n개</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="556"/>
        <source>%n message(s)</source>
        <translation>메일 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="559"/>
        <source>%n unread</source>
        <translation>안 읽음 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="615"/>
        <source>…and %n more</source>
        <translation>…외 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window.py" line="636"/>
        <source>%n message(s) waiting</source>
        <translation>보낼 메일 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="76"/>
        <source>Archive</source>
        <comment>undo: a verb, not the folder</comment>
        <translation>보관</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_messages.py" line="81"/>
        <source>Junk</source>
        <comment>undo: a verb, not the folder</comment>
        <translation>스팸으로 이동</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/main_window_compose.py" line="240"/>
        <source>Send</source>
        <comment>undo: a verb</comment>
        <translation>보내기</translation>
    </message>
</context>
<context>
    <name>MessageList</name>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="793"/>
        <location filename="../../qtmail/ui/models/message_list.py" line="926"/>
        <source>%n unread</source>
        <translation>안 읽음 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="794"/>
        <source>{total} · {unread}</source>
        <translation>{total}통 · {unread}</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/models/message_list.py" line="923"/>
        <source>%n message(s) in this thread</source>
        <translation>이 스레드의 메일 %n통</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../qtmail/ui/message_view.py" line="529"/>
        <source>Remote content blocked (%n item(s)) to protect your privacy.</source>
        <translation>개인정보 보호를 위해 원격 콘텐츠(%n개)를 막았습니다.</translation>
    </message>
</context>
<context>
    <name>PendingSend</name>
    <message>
        <location filename="../../qtmail/ui/undo_send.py" line="42"/>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/undo_send.py" line="44"/>
        <source>Bring the message back into the composer (Ctrl+Z)</source>
        <translation>메시지를 작성 창으로 되돌립니다 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/undo_send.py" line="56"/>
        <source>Sending in %1 s —</source>
        <translation>%1초 후 보냄 —</translation>
    </message>
</context>
<context>
    <name>RestoreDraftsDialog</name>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1178"/>
        <source>Unsent messages</source>
        <translation>보내지 않은 메일</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1181"/>
        <source>These messages were not sent when qtmail last stopped. Reopen them?</source>
        <translation>qtmail이 지난번에 멈췄을 때 보내지 않은 메일입니다. 다시 열까요?</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1190"/>
        <source>(no subject)</source>
        <translation>(제목 없음)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1191"/>
        <source>(no recipients)</source>
        <translation>(받는 사람 없음)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1197"/>
        <source>&amp;Reopen</source>
        <translation>다시 열기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/composer.py" line="1198"/>
        <source>&amp;Later</source>
        <translation>나중에(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="47"/>
        <source>Incoming server</source>
        <translation>받는 메일 서버</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="47"/>
        <source>Outgoing server (SMTP)</source>
        <translation>보내는 메일 서버 (SMTP)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="49"/>
        <source>Protocol:</source>
        <translation>프로토콜:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="50"/>
        <source>Server:</source>
        <translation>서버:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="51"/>
        <source>Port:</source>
        <translation>포트:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="52"/>
        <source>Security:</source>
        <translation>보안:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="53"/>
        <source>User name:</source>
        <translation>사용자 이름:</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="60"/>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="61"/>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="62"/>
        <source>None (unencrypted)</source>
        <translation>없음 (암호화 안 함)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="87"/>
        <source>Local (no incoming server)</source>
        <translation>로컬 (받는 메일 서버 없음)</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/server_form.py" line="107"/>
        <source>Enter the server name of the %1.</source>
        <translation>%1의 서버 이름을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../qtmail/ui/dialogs/settings.py" line="20"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/settings.py" line="27"/>
        <source>Off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/settings.py" line="27"/>
        <source>%1 seconds</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/settings.py" line="30"/>
        <source>&amp;Undo send:</source>
        <translation>보내기 취소(&amp;U):</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/dialogs/settings.py" line="34"/>
        <source>Sent messages wait this long in the outbox; until then Undo brings them back into the composer.</source>
        <translation>보낸 메시지는 이 시간 동안 보낼 편지함에서 기다립니다. 그동안 실행 취소를 누르면 작성 창으로 돌아옵니다.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../qtmail/ui/sync_status.py" line="133"/>
        <source>⚠ %n problem(s)</source>
        <translation>⚠ 문제 %n개</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="96"/>
        <source>qtmail — %n unread message(s)</source>
        <translation>qtmail — 안 읽은 메일 %n통</translation>
    </message>
    <message>
        <location filename="../../qtmail/ui/tray.py" line="105"/>
        <source>%n new message(s)</source>
        <translation>새 메일 %n통</translation>
    </message>
</context>
</TS>
